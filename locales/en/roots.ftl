# Roots: English strings.
# Every id here must also be in ../cy/roots.ftl (the test command checks).
# Ids: page-* page titles and text; q-* question pages; f-* form fields;
# opt-<field>-<value> answer options; error-* validation messages;
# sum-* check-your-answers keys; staff-* staff pages; api-* API messages.

## Shared

service-name = Occupational therapy at your GP practice
service-short = Roots OT
lang-switch = Cymraeg
skip-link = Skip to main content
back = Back
continue = Continue
not-answered = Not answered
error-summary-title = There is a problem
error-prefix = Error:
title-error-prefix = Error:
footer-staff = Staff sign in
footer-note = Roots is open-source software for first-contact occupational therapy services. This is a demonstration with made-up data unless your practice told you otherwise.
header-nav-label = Menu
or = or
change = Change
day = Day
month = Month
year = Year
date-hint = For example, 15 3 1984
chars-limit = You can enter up to { $max } characters
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Start page

page-start-title = Get help from an occupational therapist at your GP practice
page-start-lede = Occupational therapists help you with the everyday things that have become hard, such as looking after yourself, managing your home, working, sleeping or getting out and seeing people.
page-start-what-title = What an occupational therapist does
page-start-what = They look at what matters to you in your daily life and work with you to make it easier: practical strategies, setting goals, managing pain, tiredness, worry or low mood, help to stay in or return to work, and links to groups and services near you.
page-start-who-title = Who can use this service
page-start-who = Anyone registered with one of our GP practices, or living nearby without a GP. You do not need a diagnosis or to see a GP first. Someone can fill this in for you, with your agreement.
page-start-next-title = What happens next
page-start-next = It takes about 10 minutes. An occupational therapist will read what you tell us and contact you within 5 working days to talk about what would help. They may suggest another service that suits you better.
page-start-emergency = This service is not for emergencies. If you need help right now, the first question tells you where to get it.
page-start-button = Start now

## Help now

q-help-now-title = Do you need help right now?
q-help-now-hint = For example, you have chest pain, signs of a stroke, severe difficulty breathing, heavy bleeding, you have taken an overdose, or you feel you might act on thoughts of ending your life.
opt-needs_help_now-yes = Yes, I need help now
opt-needs_help_now-no = No
page-urgent-title = Get help now
page-urgent-999 = Call 999 or go to A&E now if someone's life is at risk: chest pain, stroke signs (face drooping, arm weakness, speech problems), severe difficulty breathing, heavy bleeding, an overdose taken, or if you might act on thoughts of ending your life.
page-urgent-111 = { $nation ->
    [england] Call NHS 111 or use NHS 111 online if you need help urgently but it is not an emergency. For mental health support, call 111 and choose the mental health option, any time of day or night.
   *[wales] Call NHS 111 if you need help urgently but it is not an emergency. In Wales, call 111 and choose option 2 for mental health support, any time of day or night.
}
page-urgent-samaritans = Samaritans: call 116 123, free, any time, to talk to someone.
page-urgent-abuse = { $nation ->
    [england] If you do not feel safe at home, call the National Domestic Abuse Helpline free on 0808 2000 247, any time. In an emergency call 999.
   *[wales] If you do not feel safe at home, call the Live Fear Free helpline on 0808 80 10 800 (Wales) or the National Domestic Abuse Helpline on 0808 2000 247 (England). In an emergency call 999.
}
page-urgent-continue-title = If you do not need help right now
page-urgent-continue = You can carry on with your referral. An occupational therapist will read it, but not straight away.
page-urgent-continue-button = Continue with my referral

## Safety questions (right after "Do you need help right now?")

q-symptoms-now-title = Do you have any of these at the moment?
q-symptoms-now-hint = Select all that apply. If you do, we will tell you where to get help straight away.
opt-emergency_signs-chest_pain = Chest pain
opt-emergency_signs-stroke_signs = Signs of a stroke: your face drooping on one side, weakness in an arm, or problems speaking
opt-emergency_signs-breathless = Severe difficulty breathing
opt-emergency_signs-bleeding = Heavy bleeding that will not stop
opt-emergency_signs-overdose = You have taken an overdose or been poisoned
opt-emergency_signs-sudden_headache = A sudden, severe headache
opt-emergency_signs-none = No, none of these

q-how-you-are-feeling-title = How have you been feeling recently?
q-how-you-are-feeling-hint = Select all that apply. These can be hard questions. We ask everyone, so that nobody who needs help has to wait.
opt-crisis_signs-ending_life_thoughts = I have had thoughts of ending my life
opt-crisis_signs-ending_life_plans = I have made plans to end my life
opt-crisis_signs-self_harm = I have hurt myself on purpose recently
opt-crisis_signs-none = None of these
opt-crisis_signs-prefer_not_to_say = I would prefer not to say

q-other-concerns-title = Is anything else worrying you at the moment?
q-other-concerns-hint = Select all that apply.
opt-other_concerns-unsafe_at_home = I do not feel safe at home
opt-other_concerns-someone_at_risk = I am worried that a child or an adult is at risk of harm
opt-other_concerns-fall_head_injury = I have had a fall and hit my head
opt-other_concerns-fall_cannot_get_up = I have had a fall and could not get up by myself
opt-other_concerns-back_pain_bladder = Back pain with loss of control of my bladder or bowels, or numbness around my bottom or genitals
opt-other_concerns-weight_loss = I am losing weight without trying
opt-other_concerns-new_weakness_confusion = New weakness in my arms or legs, or new confusion
opt-other_concerns-none = No, none of these
page-urgent-intro = From what you have told us, this is the help that fits best. Your answers are saved.
page-urgent-crisis = { $nation ->
    [england] If you are thinking about ending your life or have hurt yourself, call NHS 111 and choose the mental health option, any time of day or night. You can also call Samaritans free on 116 123. If you are in immediate danger, call 999.
   *[wales] If you are thinking about ending your life or have hurt yourself, call NHS 111 and choose the mental health option (option 2 in Wales), any time of day or night. You can also call Samaritans free on 116 123. If you are in immediate danger, call 999.
}

## Question pages

q-source-title = Who is making this referral?
opt-source-self = The person themselves, by phone or in person
opt-source-gp = A GP
opt-source-practice_staff = Practice staff
opt-source-other = Someone else, such as a family member or another service

q-name-title = What is your name?
f-given_name = First name
f-family_name = Last name

q-date-of-birth-title = What is your date of birth?

q-contact-title = How can we contact you?
q-contact-hint = We will use this to arrange a call or appointment. Give at least one.
f-phone = Phone number
f-phone-hint = A mobile or landline, for example 07700 900 982
f-email = Email address
f-contact_via_practice = If you have no phone or email
opt-contact_via_practice-yes = I do not have a phone or email. Contact me through my GP practice.
f-leave_message = Can we leave a message?
f-leave_message-hint = For example, a voicemail or a message with whoever answers
opt-leave_message-yes = Yes
opt-leave_message-no = No

q-postcode-title = What is your postcode?
f-postcode = Postcode
f-postcode-hint = For example, LL57 2PW
f-no_fixed_address = If you do not have a postcode
opt-no_fixed_address-yes = I have no fixed address

q-nhs-number-title = What is your NHS number? (optional)
f-nhs_number = NHS number
f-nhs_number-hint = It is 10 digits long, like 485 777 3456. You can find it on letters from the NHS or in the NHS App. Leave this empty if you do not know it.

q-gp-practice-title = Which GP practice are you registered with?
opt-practice-not_listed = My practice is not listed
opt-practice-not_registered = I am not registered with a GP

q-language-title = Your language
f-language = Which language would you like us to use?
opt-language-en = English
opt-language-cy = Welsh (Cymraeg)
opt-language-other = Another language
f-language_other = Which language?
f-interpreter = Do you need an interpreter?
opt-interpreter-yes = Yes
opt-interpreter-no = No
f-interpreter_language = Which language do you need an interpreter for?
f-interpreter_language-hint = Include British Sign Language if you use it

q-communication-title = Do you need any help to communicate with us?
q-communication-hint = Select all that apply
opt-communication_needs-large_print = Large print
opt-communication_needs-easy_read = Easy read
opt-communication_needs-bsl = A British Sign Language (BSL) interpreter
opt-communication_needs-hearing_loop = A hearing loop
opt-communication_needs-support_person = Someone to help me, such as a carer or advocate
opt-communication_needs-other = Something else
opt-communication_needs-none = No, I do not need help to communicate
f-communication_other = Tell us what would help

q-your-words-title = In your own words, what is happening?
q-your-words-hint = Tell us what has become hard and how it affects your day. You do not need a diagnosis.

q-difficulties-title = Which parts of everyday life are hard at the moment?
q-difficulties-hint = Select all that apply
opt-difficulties-self_care = Looking after yourself, such as washing, dressing or eating
opt-difficulties-home = Looking after your home, such as cooking, cleaning or shopping
opt-difficulties-work_study = Work or study
opt-difficulties-getting_out = Getting out and seeing people
opt-difficulties-sleep = Sleep
opt-difficulties-caring = Caring for others
opt-difficulties-hobbies = Hobbies and things you enjoy
opt-difficulties-money_paperwork = Money and paperwork
opt-difficulties-other = Something else

q-how-long-title = How long has this been happening?
opt-duration-under_1_month = Less than a month
opt-duration-1_3_months = 1 to 3 months
opt-duration-3_12_months = 3 to 12 months
opt-duration-over_1_year = More than a year

q-matters-most-title = What matters most to you?
q-matters-most-hint = For example, getting back to work, walking the dog again, or feeling able to see friends

q-work-title = Work
f-work_status = What is your work situation?
opt-work_status-working = Working
opt-work_status-self_employed = Self-employed
opt-work_status-off_sick = Off work sick
opt-work_status-unemployed = Not working and looking for work
opt-work_status-student = In education or training
opt-work_status-retired = Retired
opt-work_status-carer = Caring for someone full time
opt-work_status-other = Something else
f-off_sick = If you are off work sick, since when?
f-fit_note = Do you need a fit note?
f-fit_note-hint = If you are working or off sick. A fit note gives your employer advice about your fitness for work.
opt-fit_note-yes = Yes
opt-fit_note-no = No
opt-fit_note-not_sure = Not sure

q-about-you-title = Some optional questions about you
q-about-you-p1 = The next 7 questions help us check that the service is fair and reaches everyone who needs it. You do not have to answer them, and you can choose "Prefer not to say".
q-about-you-p2 = Your answers do not change the help you get. Only the service team can see them, and reports never show them in a way that identifies you.
q-about-you-answer = Answer these questions
q-about-you-skip = Skip these questions

q-sex-title = What is your sex?
q-sex-hint = Why we ask: to check the service reaches men and women equally.
opt-sex-female = Female
opt-sex-male = Male
opt-sex-other = I describe myself another way
opt-sex-prefer_not_to_say = Prefer not to say

q-ethnic-group-title = What is your ethnic group?
q-ethnic-group-hint = Why we ask: some communities find it harder to get help, and we need to know so we can change that.
opt-ethnic_group-A = White: Welsh, English, Scottish, Northern Irish or British
opt-ethnic_group-B = White: Irish
opt-ethnic_group-C = White: any other White background, including Gypsy, Roma or Irish Traveller
opt-ethnic_group-D = Mixed: White and Black Caribbean
opt-ethnic_group-E = Mixed: White and Black African
opt-ethnic_group-F = Mixed: White and Asian
opt-ethnic_group-G = Mixed: any other mixed background
opt-ethnic_group-H = Asian or Asian British: Indian
opt-ethnic_group-J = Asian or Asian British: Pakistani
opt-ethnic_group-K = Asian or Asian British: Bangladeshi
opt-ethnic_group-L = Asian or Asian British: any other Asian background
opt-ethnic_group-M = Black or Black British: Caribbean
opt-ethnic_group-N = Black or Black British: African
opt-ethnic_group-P = Black or Black British: any other Black background
opt-ethnic_group-R = Chinese
opt-ethnic_group-S = Any other ethnic group
opt-ethnic_group-Z = Prefer not to say

q-housing-title = Where do you live at the moment?
q-housing-hint = Why we ask: where you live can affect your health and the help that suits you.
opt-housing-own_home = In a home I own
opt-housing-rent_private = In a home I rent from a private landlord
opt-housing-rent_social = In a home I rent from the council or a housing association
opt-housing-with_family_friends = With family or friends
opt-housing-temporary = In temporary accommodation, such as a hostel or refuge
opt-housing-no_fixed_address = I have no fixed address
opt-housing-other = Somewhere else
opt-housing-prefer_not_to_say = Prefer not to say

q-refugee-asylum-title = Are you a refugee or asylum seeker?
q-refugee-asylum-hint = Why we ask: people new to the country can find services hard to reach. Your answer is never shared with the Home Office.
q-gypsy-roma-traveller-title = Are you a member of the Gypsy, Roma or Traveller communities?
q-gypsy-roma-traveller-hint = Why we ask: these communities are often missed by health services, and we want to reach them.
q-armed-forces-title = Have you served in the armed forces?
q-armed-forces-hint = Why we ask: veterans and their families can get extra support.
opt-armed_forces-serving = Yes, I am serving now
opt-armed_forces-veteran = Yes, I have served in the past
opt-armed_forces-family = No, but I am in a serving or veteran's family
opt-armed_forces-no = No
opt-armed_forces-prefer_not_to_say = Prefer not to say
q-unpaid-carer-title = Do you look after someone without being paid?
q-unpaid-carer-hint = Why we ask: carers can get support for themselves, and caring can make everyday life harder.
opt-yes_no_prefer-yes = Yes
opt-yes_no_prefer-no = No
opt-yes_no_prefer-prefer_not_to_say = Prefer not to say

## Check your answers, confirmation

page-check-title = Check your answers before sending your referral
page-check-staff-title = Check the answers before sending this referral
sum-source = Referred by
sum-help-now = Needs help right now
sum-symptoms-now = Symptoms now
sum-how-you-are-feeling = How you have been feeling
sum-other-concerns = Other worries
sum-name = Name
sum-date-of-birth = Date of birth
sum-contact = Contact
sum-postcode = Postcode
sum-nhs-number = NHS number
sum-gp-practice = GP practice
sum-language = Language
sum-communication = Help to communicate
sum-your-words = In your own words
sum-difficulties = What is hard
sum-how-long = How long
sum-matters-most = What matters most
sum-work = Work
sum-sex = Sex
sum-ethnic-group = Ethnic group
sum-housing = Where you live
sum-refugee-asylum = Refugee or asylum seeker
sum-gypsy-roma-traveller = Gypsy, Roma or Traveller
sum-armed-forces = Armed forces
sum-unpaid-carer = Unpaid carer
sum-phone = Phone: { $value }
sum-email = Email: { $value }
sum-via-practice = Through the GP practice
sum-leave-message-yes = Messages can be left
sum-leave-message-no = Do not leave messages
sum-no-fixed-address = No fixed address
sum-interpreter = Interpreter needed: { $value }
sum-no-interpreter = No interpreter needed
sum-off-sick-since = Off sick since { $value }
sum-fit-note = Fit note needed: { $value }
page-check-consent-title = Now send your referral
page-check-consent-text = By sending this referral you agree that the occupational therapy team at your GP practice can read it, keep it in your health record, and contact you about it. They may share it with another NHS or care service if that service can help you better, and will tell you if they do.
f-consent = Agreement
opt-consent-yes = I agree, and the information I have given is correct to the best of my knowledge
page-check-staff-consent = The person agreed to this referral and to the team contacting them.
page-check-submit = Send referral
page-check-optional-title = Optional questions

page-confirm-title = Referral sent
page-confirm-reference = Your reference is
page-confirm-next-title = What happens next
page-confirm-next = An occupational therapist will read your referral and contact you within 5 working days. Keep your reference: you can quote it if you call the practice.
page-confirm-safety-title = If things get worse
page-confirm-safety = If you need help urgently, call NHS 111. If someone's life is at risk, call 999 or go to A&E. Samaritans are there any time on 116 123.
page-confirm-staff-next = The referral is in the list for the occupational therapist. Give the person this reference.
page-confirm-another = Enter another referral

## Errors (validation)

error-too-long = Must be { $max } characters or fewer
error-choice-invalid = Select one of the options
error-source-missing = Select who is making this referral
error-help-now-missing = Select yes if you need help right now
error-emergency-signs-missing = Select any of these you have at the moment, or "No, none of these"
error-emergency-signs-none-and-other = Select the ones you have, or "No, none of these", not both
error-crisis-signs-missing = Select any that apply, "None of these" or "I would prefer not to say"
error-crisis-signs-none-and-other = Select the ones that apply, or "None of these", not both
error-other-concerns-missing = Select anything that is worrying you, or "No, none of these"
error-other-concerns-none-and-other = Select what is worrying you, or "No, none of these", not both
error-given-name-missing = Enter your first name
error-family-name-missing = Enter your last name
error-dob-missing = Enter your date of birth
error-date-missing-day = The date must include a day
error-date-missing-month = The date must include a month
error-date-missing-year = The date must include a year
error-date-year-digits = The year must be 4 numbers, like 1984
error-date-not-real = The date must be a real date, like 15 3 1984
error-dob-future = Your date of birth must be in the past
error-dob-too-old = Check the year of your date of birth
error-off-sick-missing = Enter the date you have been off sick since
error-off-sick-future = The date you have been off sick since must be today or in the past
error-off-sick-too-old = Check the year you have been off sick since
error-contact-missing = Enter a phone number or email address, or tell us to contact you through your GP practice
error-phone-invalid = Enter a phone number with 10 to 15 digits, like 07700 900 982 or +44 7700 900 982
error-email-invalid = Enter an email address in the right format, like name@example.com
error-leave-message-missing = Select yes if we can leave a message
error-postcode-missing = Enter your postcode, or tell us you have no fixed address
error-postcode-invalid = Enter a real postcode, like LL57 2PW
error-nhs-number-length = An NHS number has 10 digits. Leave it empty if you do not know it
error-nhs-number-check = Check your NHS number: it is not a real NHS number. Leave it empty if you are not sure
error-practice-missing = Select your GP practice, or tell us it is not listed
error-language-missing = Select the language you would like us to use
error-language-other-missing = Enter the language you would like us to use
error-interpreter-missing = Select yes if you need an interpreter
error-interpreter-language-missing = Enter the language you need an interpreter for
error-communication-none-and-other = Select the help you need, or "No", not both
error-communication-other-missing = Tell us what would help you communicate with us
error-story-missing = Tell us in your own words what is happening
error-difficulties-missing = Select at least one part of everyday life that is hard, or "Something else"
error-duration-missing = Select how long this has been happening
error-matters-most-missing = Tell us what matters most to you
error-work-status-missing = Select your work situation
error-fit-note-missing = Select yes if you need a fit note
error-consent-missing = Select that you agree before sending your referral

## Error pages

page-error-title = Sorry, there is a problem with the service
page-error-text = Try again later. Nothing you had already sent has been lost.
page-not-found-title = Page not found
page-not-found-text = If you typed the web address, check it is correct.
page-not-found-home = Go to the start page
page-forbidden-title = Your session has expired
page-forbidden-text = For your security we could not accept that form. Go back, reload the page and try again. Nothing you had already saved has been lost.
page-too-large-title = That was too much to send at once
page-too-large-text = Go back and shorten what you typed. The longest answer we accept is 2000 characters.

## Staff pages

staff-nav-referrals = Referrals
staff-nav-new = New referral
staff-nav-sign-out = Sign out
staff-signed-in-as = Signed in as { $name }
staff-sign-in-title = Sign in
staff-sign-in-email = Email address
staff-sign-in-password = Password
staff-sign-in-button = Sign in
staff-sign-in-failed = Enter a correct email address and password
staff-sign-in-email-missing = Enter your email address
staff-sign-in-password-missing = Enter your password
staff-signed-out = You have signed out
staff-referrals-title = Referrals
staff-referrals-empty = There are no referrals yet.
staff-referrals-caption = Referrals, newest first
staff-col-reference = Reference
staff-col-name = Name
staff-col-received = Received
staff-col-status = Status
staff-col-source = Source
staff-col-practice = Practice
staff-status-new = New
staff-help-now-tag = Asked for help now
staff-age-minutes = { $n ->
    [one] { $n } minute ago
   *[other] { $n } minutes ago
}
staff-age-hours = { $n ->
    [one] { $n } hour ago
   *[other] { $n } hours ago
}
staff-age-days = { $n ->
    [one] { $n } day ago
   *[other] { $n } days ago
}
staff-age-now = Just now
staff-referral-title = Referral { $reference }
staff-referral-received = Received { $when }
staff-referral-channel = How it arrived
staff-referral-entered-by = Entered by { $name }
opt-channel-online = Online, by the person
opt-channel-staff = Entered by staff
opt-channel-api = From another system
staff-pagination-next = Older referrals
staff-pagination-previous = Newer referrals
staff-new-title = Enter a referral
staff-new-lede = For someone who phoned or came in. Ask the questions as they are written, and read the urgent advice to them if they need help now.
staff-new-start = Start a new referral

## API

api-validation-failed = The referral has problems; see errors.
api-unauthorised = Sign in first.
api-not-found = Not found.
page-urgent-hidden = Immediate action required:
page-no-access-title = You do not have access to this page
page-no-access-text = Your role does not include this. If you need it for your work, ask your service lead. This attempt has been recorded.
staff-nav-sign-out-everywhere = Sign out on every device
staff-sign-in-locked = Too many attempts to sign in. Wait 15 minutes, then try again. If you have forgotten your password, ask your administrator.
staff-nav-tokens = API tokens
staff-tokens-title = Your API tokens
staff-tokens-lede = Scripts and other systems use these to reach the Roots API as you, with your roles. An administrator creates them with the roots token create command. Revoke any you no longer use.
staff-tokens-empty = You have no API tokens.
staff-tokens-col-name = Used for
staff-tokens-col-expires = Expires
staff-tokens-col-used = Last used
staff-tokens-never = Never
staff-tokens-revoke = Revoke
staff-tokens-revoked = Revoked
staff-tokens-expired = Expired
staff-nav-audit = Audit trail
staff-audit-title = Audit trail
staff-audit-user = Member of staff (email address)
staff-audit-record = Record
staff-audit-record-hint = A referral's reference, like K7QH-4MPX, or any record's id
staff-audit-action = Action
staff-audit-action-hint = For example, referral.view, referral.list, auth.sign_in
staff-audit-from = From
staff-audit-to = To
staff-audit-date-hint = A date, like 2026-11-24
staff-audit-search = Search
staff-audit-csv = Download these events as CSV
staff-audit-caption = Events, newest first
staff-audit-count = { $n ->
    [one] 1 event shown (at most { $max }).
   *[other] { $n } events shown (at most { $max }).
}
staff-audit-col-when = When
staff-audit-col-who = Who
staff-audit-col-roles = Roles
staff-audit-col-action = Action
staff-audit-col-record = Record
staff-audit-col-outcome = Outcome
staff-audit-col-request = Request
staff-audit-system = System (command line)
staff-audit-anonymous = Not signed in
staff-audit-error-user = There is no member of staff with that email address
staff-audit-error-date = Enter a date like 2026-11-24
honeypot-label = Leave this empty
sar-title = Everything held about this person
sar-lede = For a subject access request: every referral Roots holds for this person (this one and any with the same NHS number), and every recorded look at or change to them. Check it before you send it.
sar-json = Download as JSON
sar-log-title = Who has looked at these records
sar-log-empty = Nobody has looked at these records yet.
page-too-many-title = We have had several referrals from this connection in the last hour
page-too-many-text = Your answers are saved. Try again in an hour, or call your GP practice. If you need help right now, call NHS 111, or 999 if someone's life is at risk.

## Second factor, account, staff accounts, break-glass access
important = Important
staff-nav-account = Your account
staff-nav-users = Staff accounts
staff-nav-break-glass = Break-glass access
role-receptionist = Receptionist or care navigator
role-occupational_therapist = Occupational therapist
role-clinician = Clinician
role-service_lead = Service lead
role-admin = Administrator
staff-practices-all = All practices in the service
two-factor-code-title = Enter the code from your authenticator app
two-factor-code-lede = Your password was right. To finish signing in, open the authenticator app on your phone and enter the code it shows for Roots.
two-factor-code-label = Security code
two-factor-code-hint = The 6-digit code from your app, or one of your recovery codes.
two-factor-code-button = Sign in
two-factor-code-lost = If you have lost your phone and your recovery codes, ask an administrator to reset your second factor.
two-factor-code-missing = Enter the 6-digit code from your authenticator app
two-factor-code-wrong = The code is not right. Enter the code your app shows now, or a recovery code
two-factor-code-reused = This code has already been used. Wait for your app to show a new code, then enter it
two-factor-setup-title = Set up an authenticator app
two-factor-setup-lede = Your role needs a second step when you sign in, so that a stolen password is not enough to open people's records.
two-factor-setup-step-app = Install an authenticator app on your phone, if you do not have one (any app that supports time-based codes works).
two-factor-setup-step-scan = In the app, add an account and scan the QR code below, or type in the key instead.
two-factor-setup-step-code = Enter the 6-digit code the app then shows.
two-factor-setup-qr-alt = QR code to add Roots to your authenticator app. If you cannot scan it, type in the key shown below it.
two-factor-setup-key = Key to type in if you cannot scan the code:
two-factor-setup-code-hint = The 6-digit code your app shows for Roots.
two-factor-setup-button = Continue
two-factor-setup-wrong = The code does not match. Check that the time on your phone is right and enter the code your app shows now
two-factor-recovery-title = Your authenticator app is set up
two-factor-recovery-lede = These are your recovery codes. Each one lets you sign in once if you do not have your phone. Keep them somewhere safe, away from your phone, such as printed in a locked drawer.
two-factor-recovery-warning = You will not be shown these codes again. Setting up a new app gives you new codes and stops these working.
account-title = Your account
account-name = Name
account-roles = Roles
account-practices = Practices
account-two-factor = Second factor
account-two-factor-on = Authenticator app set up
account-two-factor-off = Not set up
account-two-factor-required = needed for your role
account-two-factor-set-up-lede = An authenticator app on your phone means a stolen password is not enough to sign in as you.
account-two-factor-replace-lede = If you have a new phone, set up the app again. Your old app and recovery codes stop working when you do.
account-two-factor-set-up = Set up an authenticator app
account-two-factor-replace = Set up the app on a new phone
account-change-password = Change your password
account-recovery-used = You signed in with a recovery code, which cannot be used again. If you have lost your phone, set up the app on a new one below to get new codes.
password-title = Change your password
password-lede = Use a long password that you do not use anywhere else. Three or four random words work well. You will be signed out on every device and sign in again with the new password.
password-current = Your current password
password-new = New password
password-new-hint = At least 12 characters. No rules about symbols or capitals.
password-button = Change password
password-current-missing = Enter your current password
password-current-wrong = Your current password is not right
password-new-missing = Enter a new password
password-new-short = Your new password must be at least 12 characters
password-new-long = Your new password must be 256 characters or fewer
password-new-guessable = Your new password is too easy to guess. Try three or four random words
password-changed = Your password has been changed. Sign in with your new password.
users-title = Staff accounts
users-lede = Everyone who can sign in to this service. Choose a name to change their roles or practices, disable their account or reset their second factor.
users-add = Add a member of staff
users-save = Save changes
users-back = Back to staff accounts
users-new-title = Add a member of staff
users-roles-hint = Select every role this person has.
users-practices-hint = Select the practices they work for. Select none if they work across the whole service.
users-name-missing = Enter the person's name
users-email-invalid = Enter an email address in the correct format, like name@example.org
users-email-taken = There is already an account with this email address
users-roles-missing = Select at least one role
users-keep-own-admin = You cannot remove your own administrator role
users-status-active = Active
users-status-disabled = Disabled
users-disable = Disable this account
users-enable = Enable this account
users-reset = Reset second factor
users-reset-hint = Do this when someone has lost their phone and recovery codes. They will be signed out and set up an authenticator app again at their next sign-in.
users-created-title = Account added
users-created-lede = Give these details to { $name } in person or by phone, not by email. They should change the password from their account page when they first sign in.
users-created-password = One-off password
users-created-warning = This password will not be shown again.
break-glass-title = This person is outside your practices
break-glass-lede = This referral belongs to a practice you do not work for.
break-glass-warning = You can open it if you have a clinical reason. Your name, the time and your reason are recorded and shown to the service lead.
break-glass-reason = Why do you need to open this record?
break-glass-reason-hint = For example: the person is attending your clinic today as a temporary resident.
break-glass-reason-short = Give a reason of at least { $min } characters
break-glass-button = Open the record
break-glass-not-allowed = Only clinicians can open records outside their practices. Ask a clinician or the service lead if you need this referral.
break-glass-list-title = Break-glass access
break-glass-list-lede = Records opened by clinicians outside their own practices, with the reason they gave, newest first.
break-glass-list-empty = Nobody has opened a record outside their practices.
break-glass-col-when = When
break-glass-col-who = Who
break-glass-col-referral = Referral
break-glass-col-reason = Reason
two-factor-timed-out = Signing in took too long, or was not started. Sign in again with your email address and password.

## The triage queue
staff-nav-triage = Triage queue
staff-nav-service = Self-referral on or off
staff-status-accepted = Accepted for OT
staff-status-redirected = Redirected
staff-status-signposted = Signposted
staff-status-closed = Advice given, closed
staff-status-unable_to_contact = Unable to contact
priority-emergency = Emergency
priority-crisis = Crisis
priority-urgent = Urgent
priority-soon = Soon
priority-routine = Routine
pathway-emergency_services = Emergency services
pathway-crisis = Crisis team
pathway-safeguarding = Safeguarding
pathway-gp = GP
pathway-mental_health = Mental health
pathway-frailty_falls = Frailty and falls
pathway-work_fitnote = Work and fit notes
pathway-housing_advice = Housing advice
pathway-community_hub = Community hub
pathway-ot_assessment = OT assessment
pathway-other = Other
outcome-accept_ot = Accept for OT assessment
outcome-redirect = Redirect to another service
outcome-signpost = Signpost to a community resource
outcome-advice_closed = Advice given and closed
outcome-unable_to_contact = Unable to contact
span-minutes = { $n ->
    [one] 1 minute
   *[other] { $n } minutes
}
span-hours = { $n ->
    [one] 1 hour
   *[other] { $n } hours
}
span-days = { $n ->
    [one] 1 day
   *[other] { $n } days
}
triage-queue-title = Triage queue
triage-queue-lede = Referrals waiting for triage: the most urgent first, then those waiting longest. The priority and pathways are the rules' suggestion, with the reasons; you confirm or change them.
triage-queue-empty = No referrals are waiting for triage.
triage-breaches = { $n ->
    [one] 1 referral is past its response target.
   *[other] { $n } referrals are past their response target.
}
triage-filter-practice = Practice
triage-filter-pathway = Pathway
triage-filter-all = All
triage-filter-button = Show
triage-col-pathways = Pathways
triage-col-waiting = Waiting
triage-col-why = Why
triage-col-claimed = Being triaged
triage-due = target { $when }
triage-left = { $time } left
triage-overdue = Overdue by { $time }
triage-no-target = No target
triage-no-suggestion = No suggestion was made for this referral: triage it from the referral itself.
triage-phrase = Their words: “{ $words }”
triage-phrase-negated = may be negated: check
triage-claimed-by = Being triaged by { $name }
triage-held = { $name } is triaging this referral. You can take it over when they release it, or after 30 minutes.
triage-claim = Triage this referral
triage-claim-first = Someone else is triaging this referral now, or it was triaged already. Nothing was saved; check the history below.
triage-release = Release it for someone else
triage-title = Triage { $reference }
triage-suggestion = Suggested triage
triage-read-referral = Read the whole referral
triage-history = Triage so far
triage-version = { $n ->
   *[other] Version { $n }
}
triage-attempts-n = { $n ->
    [one] 1 attempt
   *[other] { $n } attempts
}
triage-decide = Confirm or change the triage
triage-amend = Change the triage
triage-priority = Priority
triage-change-reason = Why are you changing the suggestion?
triage-change-reason-hint = Needed when your priority or pathways differ from the suggestion, and for any later change.
triage-outcome = Outcome
triage-target = Service or resource
triage-target-hint = Where you redirected or signposted them, for example the community mental health team or an I CAN hub.
triage-attempts = Attempts to contact
triage-attempts-hint = How many times you tried to reach them, when you could not.
triage-note = Notes (optional)
triage-save = Save triage
error-triage-priority = Choose a priority
error-triage-pathways = Choose at least one pathway
error-triage-outcome = Choose an outcome
error-triage-change-reason = Say why you are changing the suggested priority or pathways
error-triage-amend-reason = Say why you are changing the triage
error-triage-target = Enter the service or resource
error-triage-attempts = Enter how many times you tried to contact them
error-triage-attempts-range = Enter a number of attempts from 1 to { $max }
service-settings-title = Self-referral on or off
service-settings-lede = When the service is at capacity you can stop taking self-referrals. People who come to the form see your message instead, and the urgent help advice is always shown. Staff can still enter referrals.
service-settings-open = Are you taking self-referrals?
service-settings-open-yes = Yes, the form is open
service-settings-open-no = No, the service is at capacity
service-settings-message-en = Message for people, in English
service-settings-message-cy = Message for people, in Welsh
service-settings-message-hint = For example, when you expect to open again and who else can help. Leave it empty for the standard message.
service-settings-saved = Saved.
page-closed-title = We are not taking self-referrals at the moment
page-closed-text = The occupational therapy service is full for now. Please try again later, or ask your GP practice for help.
page-closed-saved = If you had started, your answers are kept for 24 hours after your last change.
page-closed-urgent-link = Get urgent help now
api-closed = The service is not taking self-referrals at the moment. Staff can still enter referrals.
triage-open = Triage
triage-print-hint = print it to send with a redirect: the page prints without the menus

## The episode of care
staff-nav-day = Your day
staff-nav-alerts = Safety alerts
staff-nav-waiting = Waiting list
staff-nav-discussions = Case discussions
staff-nav-clinics = Clinics
staff-referral-episode = Open the episode of care
entry-kind-assessment = Assessment
entry-kind-note = Note
entry-kind-case_discussion = Case discussion
entry-kind-onward = Onward referral
entry-kind-discharge = Discharge
entry-kind-measure = Outcome measure
entry-kind-goal = Goal
entry-kind-intervention = Intervention
entry-add-assessment = Record an assessment
entry-add-note = Add a note
entry-add-case_discussion = Record a case discussion
entry-add-onward = Record an onward referral
entry-assessment-routine = Occupational history and routine
entry-assessment-routine-hint = A typical day and week; what has changed and when.
entry-assessment-self_care = Self-care: what is hard
entry-assessment-productivity = Productivity (work, study, caring, running the home): what is hard
entry-assessment-leisure = Leisure and social life: what is hard
entry-assessment-environment = Home and work environment
entry-assessment-matters = What matters to the person
entry-assessment-risks = Risks
entry-assessment-risk_detail = About the risks
entry-assessment-strengths = Strengths
entry-note-text = Note
entry-case_discussion-outcome = What was agreed
entry-case_discussion-actions = Actions, and who will do them
entry-onward-target = Referred to
entry-onward-target_other = Which service
entry-onward-why = Why
opt-risks-falls = Falls
opt-risks-self_neglect = Self-neglect
opt-risks-safeguarding = Safeguarding
opt-risks-none = None identified
opt-target-gp = GP
opt-target-cmht = Community mental health team
opt-target-crisis_team = Crisis team
opt-target-physiotherapy = Physiotherapy
opt-target-social_care = Social care
opt-target-falls_service = Falls service
opt-target-employment_support = Employment support
opt-target-community_hub = Community hub
opt-target-housing = Housing
opt-target-other = Another service
entry-by = By { $who }
entry-version-n = { $n ->
   *[other] Version { $n }
}
entry-history = History
entry-amend = Amend
entry-amend-title = Amend: { $what }
entry-amend-reason = Why are you amending this entry?
entry-save = Save
entry-conflict-title = Someone changed this entry while you were editing
entry-conflict-text = Nothing of yours was saved, and your text is kept below. Their version is shown here; combine the two and save again.
entry-history-title = History: { $what }
entry-amended-because = Amended because: { $why }
error-entry-required = Answer this question
error-entry-none-and-other = Choose “None identified” on its own, or the risks that apply
error-entry-amend-reason = Say why you are amending this entry
person-dob = Date of birth
person-nhs-number = NHS number
person-not-known = Not known
person-duplicate = Possibly the same person: { $who }. Check before you merge anything; nothing is merged automatically.
opt-mode-face_to_face = Face to face
opt-mode-telephone = Telephone
opt-mode-video = Video
opt-mode-home_visit = Home visit
appointment-booked = Booked
appointment-attended = Attended
appointment-did_not_attend = Did not attend
appointment-cancelled_by_person = Cancelled by the person
appointment-cancelled_by_service = Cancelled by the service
appointment-moved = Moved
appointment-record = Record what happened
episode-status-open = Open
episode-status-discharged = Discharged
episode-flagged = For case discussion
episode-appointments = Appointments
episode-no-appointments = No appointments yet.
episode-book = Book an appointment
episode-record = Record
episode-flag = Flag for case discussion with the GP team
episode-unflag = Remove from case discussion
episode-timeline = The episode so far
episode-no-entries = Nothing recorded yet.
waiting-title = Waiting list
waiting-lede = People with an open episode and no appointment booked, longest waiting first.
discussions-title = Case discussions
discussions-lede = Episodes flagged for discussion with the GP team at the practice meeting.
list-empty = Nobody at the moment.
book-title = Book an appointment
book-session = { $what }
book-none = There are no free slots in the next 4 weeks. Ask for a clinic session to be added.
book-slot = Choose a time
book-mode = How will the appointment happen?
book-button = Book
error-book-choose = Choose a free time
error-book-taken = Someone booked that time a moment ago. Choose another
day-title = Your day
day-free = Free
day-none = You have no clinics on this day.
clinics-title = Clinics
clinics-coming = Clinics in the next 4 weeks
clinics-none = No clinics yet.
clinics-add = Add a clinic session
clinics-ot = Occupational therapist
clinics-date = Date
clinics-date-hint = For example, 2026-12-03
clinics-start = Starts
clinics-end = Ends
clinics-time-hint = 24-hour clock, for example 09:30
clinics-slot = Length of each appointment, in minutes
clinics-slot-hint = From 10 to 240
clinics-modes = Ways people can be seen
clinics-add-button = Add session
clinic-slot-minutes = { $n } minute slots
error-clinic-practice = Choose a practice
error-clinic-ot = Choose an occupational therapist
error-clinic-date = Enter a real date, like 2026-12-03
error-clinic-time = Enter a start time, like 09:30
error-clinic-end = Enter an end time after the start time
error-clinic-slot = Enter a length from 10 to 240 minutes
error-clinic-modes = Choose at least one way people can be seen
triage-changed-meanwhile = Someone changed this triage while you were looking at it. Nothing was saved; read the history below and try again.
## Episode of care: outcome measures, goals (GAS), interventions and discharge

measure-english-only = These questions are in English only. No checked Welsh version of them has been published.
error-measure-item-missing = Answer question { $item }
error-measure-item-range = The answer to question { $item } must be a number from { $min } to { $max }
error-measure-answer-count = Answer all { $expected } questions
error-measure-mismatch = These scores are from different measures, so they cannot be compared
error-gas-text-missing = Enter the goal
error-gas-level-missing = Describe what level { $level } would look like
error-gas-importance = Choose how important the goal is, from 0 (not at all) to 3 (very)
error-gas-difficulty = Choose how difficult the goal is, from 0 (not at all) to 3 (very)
error-gas-baseline-missing = Choose the rating at the start
error-gas-baseline-range = The rating at the start must be -1, or -2 if things could not be worse
error-gas-rating-range = The rating must be from -2 to +2
error-gas-no-goals = Add at least one goal
error-gas-too-many = Set no more than { $max } goals
error-gas-no-weight = To work out a score, rate at least one goal above 0 for both importance and difficulty
error-gas-followup-missing = Rate goal { $goal } at follow-up
error-intervention-code = Choose the intervention
error-intervention-minutes = Enter the time spent in minutes, from { $min } to { $max }
error-discharge-reason = Choose why the person is being discharged
error-discharge-reason-other = Enter the reason for discharge
error-discharge-self-management = Select yes if a self-management intervention was offered
error-discharge-gp-avoided = Enter how many GP appointments were avoided, from 0 to { $max }
error-discharge-gp-avoided-none = You saw them instead of the GP, so at least 1 GP appointment was avoided
error-discharge-ot-instead-of-gp = Select yes if you completed an appointment that would otherwise have been with the GP
error-discharge-cmht = Select yes if a referral to the community mental health team was avoided
error-discharge-cmht-reason = Say why the referral to the community mental health team was avoided
error-discharge-medication = Select whether medication was avoided
error-discharge-work-start = Select their work situation at the start
error-discharge-work-end = Select their work situation at discharge
error-discharge-secondary = Select yes if they were referred to secondary care
error-discharge-secondary-where = Enter the service they were referred to
opt-intervention-self_management_education = Self-management education
opt-intervention-graded_activity_pacing = Graded activity and pacing
opt-intervention-fatigue_management = Fatigue management
opt-intervention-pain_management = Pain management
opt-intervention-sleep = Sleep
opt-intervention-anxiety_management = Anxiety management
opt-intervention-routine_habit_building = Routine and habit building
opt-intervention-vocational_rehab_work_advice = Vocational rehabilitation and work advice
opt-intervention-equipment_adaptations = Equipment and adaptations
opt-intervention-falls_prevention_home_hazards = Falls prevention and home hazard assessment
opt-intervention-carer_support = Carer support
opt-intervention-signposting = Signposting
opt-discharge_reason-goals_met = Goals met
opt-discharge_reason-persons_choice = The person's choice
opt-discharge_reason-referred_on = Referred on
opt-discharge_reason-no_contact = Did not attend, or could not be contacted
opt-discharge_reason-moved_away = Moved away
opt-discharge_reason-died = Died
opt-discharge_reason-other = Another reason
opt-medication_avoided-yes = Yes
opt-medication_avoided-no = No
opt-medication_avoided-not_applicable = Not applicable

## Measures, goals, interventions, discharge
opt-yes_no-yes = Yes
opt-yes_no-no = No
episode-record-measure = Record { $name }
episode-progress = Progress
measure-alert = Alert
measure-safety-title = Safety alert: act on this now
alerts-title = Safety alerts not yet acted on
alerts-lede = People with a safety alert (for example a PHQ-9 answer about thoughts of self-harm) that nobody has yet recorded acting on, the longest unanswered first. Open the episode, act, and record what you did.
alert-title = Record what you did about this safety alert
alert-risk = Having asked the person, how do you judge the risk now?
alert-risk-immediate = Immediate risk
alert-risk-not_immediate = Not an immediate risk
alert-actions = What did you do?
alert-actions-hint = Select all that apply. With an immediate risk, the person must be getting urgent help today.
alert-action-spoke_to_person = Asked the person about the thoughts and assessed the risk
alert-action-safety_plan = Agreed a safety plan with the person
alert-action-gp_informed = Told the person's GP
alert-action-gp_same_day = Arranged a same-day review with the GP or duty doctor
alert-action-crisis_team = Referred urgently to the crisis team or community mental health team
alert-action-emergency_services = Called 999 or took the person to A&E
alert-action-other = Something else (say what in the account)
alert-detail = What happened, and what is planned
alert-act-link = Record what you did
alert-act-again = Record something more
alert-acted-title = Safety alerts acted on
alert-acted = Acted on by { $who }, { $when }: { $risk }; { $actions }. { $detail }
entry-kind-alert_ack = Safety alert acted on
error-ack-risk-missing = Select whether the risk is immediate
error-ack-actions-missing = Select what you did
error-ack-actions-unknown = Select what you did from the list
error-ack-immediate-needs-urgent = With an immediate risk, select the urgent help arranged: a same-day GP or duty doctor review, the crisis team, or 999
error-ack-detail-missing = Enter what happened and what is planned
chart-total = Total score
chart-score = Score
chart-baseline = Start
chart-points = { $n ->
    [one] 1 score recorded.
   *[other] { $n } scores recorded.
}
chart-change = { $what }.
chart-direction-improved = better
chart-direction-worse = worse
chart-direction-no_change = no change
gas-new-title = Set a goal
gas-new-intro = Agree the goal with the person. Describe each level in their words: −1 is usually where they are now and 0 the outcome you both expect.
gas-text = The goal
gas-level-minus-2 = −2: much less than expected
gas-level-minus-1 = −1: somewhat less than expected (usually now)
gas-level-0 = 0: the expected outcome
gas-level-plus-1 = +1: somewhat more than expected
gas-level-plus-2 = +2: much more than expected
gas-importance = How important is this goal to the person?
gas-difficulty = How difficult will it be to achieve?
gas-baseline = Where are they now?
gas-followup = Where are they now, at review?
gas-weight = Weight (importance × difficulty)
gas-importance-0 = 0: not at all
gas-importance-1 = 1: a little
gas-importance-2 = 2: moderately
gas-importance-3 = 3: very
gas-difficulty-0 = 0: not at all
gas-difficulty-1 = 1: a little
gas-difficulty-2 = 2: moderately
gas-difficulty-3 = 3: very
gas-rating-minus_2 = −2
gas-rating-minus_1 = −1
gas-rating-0 = 0
gas-rating-1 = +1
gas-rating-2 = +2
gas-review-title = Review the goal: { $goal }
gas-summary-baseline = Goal Attainment Scaling T-score at the start: { $score } (50 means goals met as expected).
gas-summary-followup = Goal Attainment Scaling T-score, start → review: { $scores } (50 means goals met as expected).
intervention-title = Record an intervention
intervention-code = Intervention
intervention-minutes = Time spent, in minutes
intervention-note = Notes (optional)
discharge-title = Discharge
discharge-intro = Record why the episode ends and what it achieved. These answers are what the service's evaluation counts.
discharge-reason = Reason for discharge
discharge-reason-other = The reason
discharge-self-management = Was a self-management intervention offered?
discharge-gp-avoided = How many GP appointments were avoided?
discharge-gp-avoided-hint = Appointments that would have been with the GP had the OT not seen them, or follow-ups that were no longer needed.
discharge-ot-instead-of-gp = Did you complete an appointment that would otherwise have been with the GP?
discharge-cmht = Was a referral to the community mental health team avoided?
discharge-cmht-reason = Why was the referral avoided?
discharge-medication = Was medication avoided?
discharge-work-start = Their work situation at the start
discharge-work-end = Their work situation now
discharge-secondary = Were they referred to secondary care?
discharge-secondary-where = Where were they referred?
discharge-note = Notes (optional)
summary-title = Discharge summary
summary-dates = Seen
summary-outcome = Outcome
summary-interventions = What we did
summary-measures = How things changed
summary-goals = Goals
summary-onward = Referred on
summary-none = None recorded.
summary-print = This page prints without the menus: one copy for the GP, one for the person.
sar-by = By
password-first = You signed in with a one-off password from an administrator. Choose your own password before you start.
book-moving = Choose the new time. The old one is freed when you save.
appointment-move = Move
person-merge = This is the same person: join the records
person-merged = Joined to this record: { $who }. Nothing was moved or deleted.
person-unmerge = Undo: they are different people
person-other-episodes = Other episodes of this person
person-change-caption = Change { $name }'s details
person-save = Save changes
person-conflict-title = Someone changed these details while you were editing
person-conflict-text = Nothing of yours was saved, and your answers are kept below. What they saved is shown here; check both and save again.
person-history-link = Earlier versions of these details
person-history-title = Changes to { $name }'s details
person-version-first = Version 1, from the referral { $when }
person-version = Version { $version }: { $part } by { $who }, { $when }
person-part-referral = from the referral
person-part-contact = contact details changed
person-part-postcode = postcode changed
person-part-language = language or interpreter changed
person-part-communication = help to communicate changed

# The directory of community resources (public pages)
dir-title = Find local support
dir-lede = Groups, activities and advice near you that can help with everyday life. You do not need a referral for most of them.
dir-need = What would you like help with?
dir-need-any = Anything
dir-language = Language spoken
dir-language-any = Any language
dir-language-cy = Welsh
dir-language-en = English
dir-only = Only show places that are
dir-open-now = open now
dir-free = free
dir-age = Your age (optional)
dir-age-hint = Some places are only for some ages.
dir-error-age = Enter your age as a number from 0 to 120, like 45
dir-search = Search
dir-results = { $count ->
    [one] 1 place found
   *[other] { $count } places found
}
dir-none = Nothing matched. Try choosing fewer things.
dir-temporarily-closed = Temporarily closed
dir-where = Where
dir-when = When
dir-cost = Cost
dir-cost-free = Free
dir-cost-paid = There is a cost: { $amount }
dir-cost-unknown = Ask about any cost
dir-how = How to go
dir-access-drop_in = Just turn up: you do not need a referral
dir-access-referral = You need a referral: ask your GP practice or occupational therapist
dir-access-both = Turn up, or ask your GP practice or occupational therapist to refer you
dir-languages = Languages spoken
dir-accessibility = Access
dir-phone = Phone
dir-website = Website
dir-email = Email
dir-checked = The service last checked these details on { $date }.
dir-not-checked = The service has not checked these details yet: ring before you go.
dir-hours = { $opens } to { $closes }
dir-and = { $first } and { $last }
dir-every-day = Every day, { $hours }
dir-monthly = the { $nth } { $day } of the month
dir-monthday = day { $day } of the month
dir-ord-1 = first
dir-ord-2 = second
dir-ord-3 = third
dir-ord-4 = fourth
dir-ord-5 = fifth
dir-ord--1 = last
dir-ord--2 = second to last
dir-days-MO = Mondays
dir-days-TU = Tuesdays
dir-days-WE = Wednesdays
dir-days-TH = Thursdays
dir-days-FR = Fridays
dir-days-SA = Saturdays
dir-days-SU = Sundays
dir-day-MO = Monday
dir-day-TU = Tuesday
dir-day-WE = Wednesday
dir-day-TH = Thursday
dir-day-FR = Friday
dir-day-SA = Saturday
dir-day-SU = Sunday
page-start-directory = While you wait, or instead: find local groups, activities and advice.

# Signposting to community resources (staff)
signpost-title = Signpost to a community resource
signpost-none = There is nothing in the directory yet. Import one with roots directory import, then come back.
signpost-resource = Which resource?
signpost-why = Why this resource?
signpost-how = How
signpost-how-information_given = Information given (nothing about them shared)
signpost-how-warm_handover = Warm handover (their details shared)
signpost-how-referral_sent = Referral sent (their details shared)
signpost-consent = Has the person agreed to their details being shared?
signpost-weeks = Follow up after how many weeks?
signpost-weeks-hint = From 1 to 12. You will be asked then whether they got there.
signpost-entry-title = Signposted to { $name }
signpost-due = Follow-up due
signpost-outcome = Did they get there?
signpost-outcome-attended = Yes, they went
signpost-outcome-did_not_attend = No, they did not go
signpost-outcome-not_known = Not known
signpost-outcome-note = What came of it? (optional)
signpost-followup-title = Follow up: did they get to { $name }?
signpost-followup-reason = Follow-up recorded
signpost-list-title = Signposting follow-ups due
signpost-list-lede = People signposted to a community resource whose follow-up is due, the longest overdue first. Ask whether they got there and record it on their episode.
entry-kind-signpost = Signposting
staff-nav-signposting = Follow-ups
error-signpost-resource = Select a resource from the directory
error-signpost-why = Enter why this resource
error-signpost-how = Select how you signposted them
error-signpost-consent = Select whether the person has agreed to their details being shared
error-signpost-no-consent = Without their agreement, give them the information instead: a handover or a referral shares their details
error-signpost-weeks = Enter a number of weeks from { $min } to { $max }
error-signpost-outcome = Select whether they got there

# The directory (staff)
resources-title = Community resources
resources-lede = The directory people and staff search. What each place says about itself comes from its publisher's feed; Roots' own notes (what it helps with, how to get in) are kept here.
resources-stale-title = Some places need checking
resources-stale = { $count ->
    [one] 1 place has not been checked in the last { $days } days. Check its details with the organisation and save its notes.
   *[other] { $count } places have not been checked in the last { $days } days. Check their details with the organisations and save their notes.
}
resources-empty = The directory is empty. Import one with roots directory import.
resources-col-name = Name
resources-col-status = Status
resources-col-checked = Last checked
resources-needs-check = Needs checking
resource-never-checked = Never
resource-status-active = Active
resource-status-inactive = Retired
resource-status-defunct = Closed for good
resource-status-temporarily_closed = Temporarily closed
resource-notes-title = Roots' notes
resource-notes-lede = Saving these also records that you have checked this place's details today.
resource-needs = What does it help with?
resource-access-note = Anything else about getting there or getting in (optional)
resource-save-checked = Save and mark as checked
resource-retire-title = Retire this place
resource-retire-lede = It will no longer be offered to people or staff. Its history is kept.
resource-retire = Retire
staff-nav-directory = Directory
resources-report-title = Directory report
resources-report-lede = Where people were signposted and whether they got there, from the signposting recorded on episodes. Numbers are counts of signpostings, not of people.
resources-report-empty = Nobody has been signposted yet.
resources-report-by-resource = Signposting by resource and outcome
resources-col-signposted = Signposted
resources-col-awaiting = Awaiting follow-up
resources-never-used = Never used
resources-never-used-none = Every active place has been used.
resources-report-link = Report: signposting by resource, places never used

## Adding a place, or changing what it publishes (staff)
resources-add = Add a place
resource-edit = Change its published details
dir-edit-new-title = Add a place
dir-edit-title = Change { $name }
dir-edit-lede = This is what people see on Find local support and what Roots publishes to other directories. Saving also records that you have checked it today.
dir-edit-conflict-title = Someone else saved this place while you were changing it
dir-edit-conflict = Your changes have not been saved. They are still in the form below: check them against what is now saved, then save again.
dir-edit-about = About the place
dir-edit-contact = How to contact it
dir-edit-place = Where it is
dir-edit-who = Who it is for
dir-edit-name = Name
dir-edit-organisation = Organisation that runs it
dir-edit-description = What it offers
dir-edit-description-hint = In plain words, as the person would read it.
dir-edit-status = Is it running?
dir-edit-phone = Telephone number (optional)
dir-edit-email = Email address (optional)
dir-edit-url = Website (optional)
dir-edit-url-hint = The full address, starting https://
dir-edit-location_name = Name of the building or venue (optional)
dir-edit-address = Address line
dir-edit-town = Town or city
dir-edit-postcode = Postcode
dir-edit-areas = Areas it serves (optional)
dir-edit-areas-hint = Separate them with commas, for example Gwynedd, Anglesey.
dir-edit-languages = Languages it works in (optional)
dir-edit-languages-hint = Separate them with commas, for example English, Welsh.
dir-edit-minimum_age = Youngest age it takes (optional)
dir-edit-maximum_age = Oldest age it takes (optional)
dir-edit-cost = Does it cost anything?
dir-edit-cost-unsaid = Not known
dir-edit-cost-free = Free
dir-edit-cost-paid = It costs money
dir-edit-amount = Cost in pounds, if it costs money
dir-edit-amount-hint = For example 2.50
dir-edit-cost_note = What the cost is for (optional)
dir-edit-cost-kept = Its publisher lists more than one cost. They are kept as published.
dir-edit-hours = Opening times
dir-edit-hours-hint = Use the 24-hour clock, for example 09:30 and 16:00. Leave a day empty when it is closed.
dir-edit-hours-kept = Its publisher gives opening times this form cannot show (for example monthly ones). They are kept as published:
dir-edit-opens = Opens
dir-edit-closes = Closes
dir-edit-save = Save and mark as checked
dir-edit-error-name-missing = Enter the name of the place
dir-edit-error-organisation-missing = Enter the organisation that runs it
dir-edit-error-too-long = This must be 200 characters or fewer
dir-edit-error-description-too-long = What it offers must be 2,000 characters or fewer
dir-edit-error-status-unknown = Select whether it is running
dir-edit-error-url = Enter the website's full address, starting https://, like https://example.org
dir-edit-error-email = Enter an email address in the correct format, like name@example.org
dir-edit-error-phone = Enter a UK telephone number, like 01248 123456 or +44 1248 123456
dir-edit-error-address-missing = Enter the address line, or leave every part of the address empty
dir-edit-error-town-missing = Enter the town or city, or leave every part of the address empty
dir-edit-error-postcode-missing = Enter the postcode, or leave every part of the address empty
dir-edit-error-postcode = Enter a postcode in the correct format, like LL57 2PW
dir-edit-error-age = Enter an age in whole years from 0 to 120
dir-edit-error-ages-order = The oldest age must be the same as or above the youngest age
dir-edit-error-cost-missing = Select whether it costs anything
dir-edit-error-amount-missing = Enter what it costs, in pounds
dir-edit-error-amount = Enter the cost in pounds and pence, like 2.50
dir-edit-error-time = Enter a time on the 24-hour clock, like 09:30
dir-edit-error-time-half = Enter both the opening and the closing time, or leave both empty
dir-edit-error-time-order = The closing time must be after the opening time

## Signposting from triage
triage-signposting = Signposting
signpost-record-followup = Record whether they got there

## Find local support: near a postcode
dir-near = Near which postcode? (optional)
dir-near-hint = Your postcode, or one you can get to, for example LL57 2PW
dir-within = How far can you travel?
dir-within-miles = { $miles ->
    [one] Within { $miles } mile
   *[other] Within { $miles } miles
}
dir-error-near = Enter a postcode in the correct format, like LL57 2PW
dir-miles-away = { $miles } miles away
dir-no-place = By phone or online: no need to travel
dir-near-by-area = We cannot work out distances from { $postcode }, so these are the places with a postcode in { $area }, and those you reach by phone or online.
resource-pathways = Which triage pathways is it part of?
signpost-suggested = suggested for them
dir-practice = Or near which GP practice? (optional)
dir-practice-none = Not by practice
dir-open-on = Open on which day?
dir-open-on-any = Any day

## Work and health: the work assessment
entry-kind-work_assessment = Work assessment
entry-add-work_assessment = Record a work assessment
entry-work_assessment-status = Where are they with work now?
entry-work_assessment-job_title = Job title (optional)
entry-work_assessment-demands_physical = Physical demands of the job (optional)
entry-work_assessment-demands_physical-hint = For example standing, lifting, driving, keyboard work.
entry-work_assessment-demands_cognitive = Thinking demands (optional)
entry-work_assessment-demands_cognitive-hint = For example concentration, memory, decisions, deadlines.
entry-work_assessment-demands_social = Demands of dealing with people (optional)
entry-work_assessment-hours = Hours and pattern (optional)
entry-work_assessment-hours-hint = For example 37.5 hours, day shifts, Monday to Friday.
entry-work_assessment-contact_consent = Have they agreed to their employer or occupational health being contacted?
entry-work_assessment-employer = Employer and contact (optional)
entry-work_assessment-employer-hint = Only with their agreement.
entry-work_assessment-occupational_health = Occupational health contact (optional)
entry-work_assessment-occupational_health-hint = Only with their agreement.
entry-work_assessment-barriers = What gets in the way of work
entry-work_assessment-capacity = What they can do now (functional capacity)
entry-work_assessment-wants = What they want from work
opt-status-in_work = In work
opt-status-off_sick = Off sick
opt-status-phased_return = On a phased return
opt-status-unemployed_looking = Unemployed and looking for work
opt-status-volunteering = Volunteering
opt-status-in_education = In education or training
opt-status-not_seeking = Not looking for work
opt-contact_consent-yes = Yes
opt-contact_consent-no = No
error-work-contact-without-consent = They have not agreed to this contact: remove it, or record their agreement

## Work and health: the advice of an AHP Health and Work Report or a fit note
entry-kind-work_advice = Work advice
work-ahp_report-title = AHP Health and Work Report
work-fit_note-title = Fit note (Statement of Fitness for Work)
work-ahp_report-add = Write an AHP Health and Work Report
work-fit_note-add = Record a fit note
work-assessed-on = Date of assessment
work-fitness = I advise that
work-fitness-not_fit = you are not fit for work
work-fitness-may_be_fit-ahp_report = you may be fit for work taking account of the advice below
work-fitness-may_be_fit-fit_note = you may be fit for work taking account of the following advice
work-adjustments = With your employer's agreement, you may benefit from
work-adjustment-phased_return = a phased return to work
work-adjustment-altered_hours = altered hours
work-adjustment-amended_duties = amended duties
work-adjustment-workplace_assessment = a workplace assessment
work-adjustment-workplace_adaptations = workplace adaptations
work-comments = Comments on the functional effects of the condition (optional)
work-comments-hint = What the person can and cannot do, in plain words their employer will understand.
work-from = The advice applies from
work-to = Until
work-over-six-months = Has the condition lasted more than 6 months?
work-review-ahp_report = Is a follow-up review needed?
work-review-fit_note = Will the person need to be assessed again?
work-review-on = When is the review? (if one is needed)
work-difficulties = Work-relevant difficulties, and a recommendation or goal for each
work-difficulties-hint = As the person describes them. Leave rows you do not need empty.
work-difficulty-n = Difficulty { $n }
work-recommendation-n = Recommendation or goal { $n }
work-certifier = Completed by
work-certifier-name = Name
work-certifier-profession = Profession
work-certifier-hcpc = HCPC registration number
work-certifier-organisation = Organisation (optional)
work-certifier-contact = Contact details (optional)
work-profession-occupational_therapist = Occupational therapist
work-profession-physiotherapist = Physiotherapist
work-profession-podiatrist = Podiatrist
work-profession-other = Other registered profession
work-save = Save the advice
work-period = Period
work-period-text = { $from } to { $to }
work-certified-by = Completed by
error-work-fitness = Select whether the person is not fit for work or may be fit for work
error-work-adjustment-unknown = Select only the advice this document offers
error-work-may-be-fit-no-advice = You said they may be fit for work: select at least one piece of advice, or write a comment on what would help
error-work-not-fit-with-advice = You said they are not fit for work: untick the advice, or select that they may be fit for work
error-work-date-missing = Enter a date
error-work-end-before-start = The end date must be the same as or after the start date
error-work-period-too-long = In the first 6 months of a condition the advice can cover { $months } months at most: enter an earlier end date
error-work-over-six-months = Select whether the condition has lasted more than 6 months
error-work-review = Select whether a review is needed
error-work-review-before-start = The review must be on or after the start date
error-work-assessed-future = The date of assessment must be today or in the past
error-work-recommendation-alone = Enter the difficulty each recommendation is for
error-work-difficulties-max = Enter { $max } difficulties at most
error-work-certifier-name = Enter the name of the person completing it
error-work-profession = Select the profession of the person completing it
error-work-hcpc-missing = Enter the HCPC registration number
error-work-hcpc-shape = Enter an HCPC registration number: the profession's letters then up to 6 numbers, like OT123456
error-work-hcpc-profession = The HCPC registration number must start with the letters of the profession selected, like OT for an occupational therapist

## Work and health: documents issued
doc-about = About the person
doc-item = Item
doc-details = Details
doc-name = Name
doc-advice = Advice
doc-comments = Comments on the functional effects of the condition
doc-period = This advice applies from { $from } to { $to }.
doc-review-on = A follow-up review is needed on { $date }.
doc-review-ahp_report = A follow-up review is needed.
doc-no-review-ahp_report = No follow-up review is needed.
doc-review-fit_note = I will need to assess your fitness for work again at the end of this period.
doc-no-review-fit_note = I will not need to assess your fitness for work again at the end of this period.
doc-adjustment = Advice
doc-advised = Advised
doc-difficulty = Difficulty
doc-recommendation = Recommendation or goal
doc-note-ahp_report = This report gives advice about the person's fitness for work. With the employer's agreement it can be used as evidence of fitness for work, like a fit note. Laid out by Roots from the sections of the AHP Health and Work Report.
doc-note-fit_note = This is a record of the statement of fitness for work, laid out by Roots from the sections of the fit note. It is not the official form.
doc-footer = { $title }, page {"{"}page{"}"} of {"{"}pages{"}"}
doc-issue-en = Issue in English
doc-issue-cy = Issue in Welsh
doc-issued-list = Documents issued
doc-issued-item = { $title }: version { $version }, { $lang }, { $when }
doc-issued = Issued by { $who }, { $when }.
doc-download = Download the PDF
work-status-title = Record a change in work status
work-status-entry = Work status
work-status-since = Since
work-status-save = Save the work status
work-outcome = Work outcome
work-outcome-returned_to_work = back at work since { $date }, after time off sick
work-outcome-into_work = into work since { $date }, from unemployment
work-outcome-into_volunteering = volunteering since { $date }, from unemployment
work-outcome-kept_in_work = kept in work since { $date }, never off sick
error-work-status = Select where they are with work
error-work-since-future = The date must be today or in the past

## Work and health: the letter to the employer
letter-title = Letter to the employer: advice on fitness for work
letter-to = To { $employer }
letter-about = I assessed { $name } (date of birth { $dob }) on { $date }. With their agreement, I am writing to set out my advice on their fitness for work.
letter-advice = My advice is that { $advice }.
letter-recommend = With your agreement, these changes may help them at work
letter-adjustment-phased_return = A phased return to work: building up hours or duties over a few weeks.
letter-adjustment-altered_hours = Altered hours: for example starting later, shorter days or fewer days.
letter-adjustment-amended_duties = Amended duties: for example avoiding tasks that are hard for them for now.
letter-adjustment-workplace_assessment = A workplace assessment: a look at their workstation and tasks.
letter-adjustment-workplace_adaptations = Workplace adaptations: for example equipment, a seat or a quieter space.
letter-agreement = These are recommendations. Please agree any changes with them, and contact me if you have questions.
letter-from = { $name }, { $profession }, HCPC registration { $hcpc }
letter-issue-en = Letter to the employer in English
letter-issue-cy = Letter to the employer in Welsh
letter-no-consent-title = The letter to the employer cannot be issued
letter-no-consent = They have not agreed to their employer being contacted, or no employer is recorded. Record their agreement and their employer in a work assessment first.
letter-fitness-not_fit = they are not fit for work for now
letter-fitness-may_be_fit = they may be fit for work, taking account of the advice below
summary-issue-en = Issue as a PDF in English
summary-issue-cy = Issue as a PDF in Welsh
work-condition = Because of the following condition or conditions
error-work-condition = Enter the condition the fit note is because of
doc-condition = I assessed your case on { $date } because of: { $condition }.
error-work-fit-note-profession = Only registered occupational therapists and physiotherapists can certify fit notes here: select one, or ask a colleague who can
dir-distance-unknown = Distance not known: in the same postcode district

## Service evaluation (issue 8)
staff-nav-evaluation = Evaluation
eval-title = Service evaluation
eval-report-title = Occupational therapy in primary care: service evaluation
eval-lede = Figures for the referrals received in a period, counted from the records, with what happened to them since. Each shows what it is counted from. Baselines are configured for comparison, not measured by Roots.
eval-from = From
eval-to = To
eval-date-hint = As year-month-day, for example 2020-06-01
eval-practice = Practice
eval-practice-all = All practices
eval-show = Show the evaluation
eval-error-date = Enter a date as year-month-day, for example 2020-06-01
eval-error-order = The end of the period must be the same as or after its start
eval-error-practice = Choose a practice from the list
eval-period = Referrals received from { $from } to { $to }.
eval-threshold = Counts from 1 to { $max } are not shown, nor any figure they could be worked out from, so that no one can be identified.
eval-download-csv = Download the figures (CSV)
eval-download-pdf = Download the commissioner's report (PDF)
eval-suppressed = not shown (small number)
eval-no-value = none yet
eval-days = { $n } days
eval-hours = { $n } hours
eval-parts = { $n } of { $d }
eval-parts-of = of { $d }
eval-parts-n = from { $n }
eval-baseline = { $value } (configured: { $source })
eval-col-figure = Figure
eval-col-value = Value
eval-col-parts = Counted from
eval-col-baseline = Baseline for comparison
eval-col-group = Group
eval-section-activity = Activity
eval-section-referrals = Referrals
eval-section-waits = Waits
eval-section-outcomes = Outcomes at discharge
eval-section-measures = Outcome measures: mean change from first to last score
eval-section-work = Work outcomes
eval-section-return = Return on investment
eval-section-equity = Who the service reaches
eval-referrals = Referrals received
eval-people_seen = People seen (at least one contact attended)
eval-contacts = Contacts attended
eval-ot_days = OT clinic days
eval-ot_hours = OT clinic hours
eval-people_per_ot_day = People seen per OT clinic day
eval-by_source = Referred by: { $group }
eval-by_pathway = Triaged to: { $group }
eval-per_week = Week beginning { $group }
eval-wait_to_triage_median = Referral to triage: median
eval-wait_to_triage_p90 = Referral to triage: 90th percentile
eval-wait_to_contact_median = Referral to first contact: median
eval-wait_to_contact_p90 = Referral to first contact: 90th percentile
eval-discharged = Referrals discharged
eval-self_management = Offered self-management
eval-gp_avoided = GP appointments avoided
eval-gp_appointments_avoided = Number of GP appointments avoided
eval-cmht_avoided = Referral to the community mental health team avoided
eval-referred_on = Referred on to secondary care
eval-did_not_attend = Appointments not attended
eval-mean_change = { $group }
eval-work_outcome = { $group }
eval-cost = Cost of the OT service
eval-avoided = Costs avoided
eval-net_per_person = Net saving per person seen
eval-roi_ratio = Return for every £1 spent
eval-share_of_referrals = Share of referrals: { $group }
eval-seen = Seen: { $group }
eval-not_stated = Not stated or not known
eval-share_of_referrals-col = Share of referrals
eval-seen-col = Seen
eval-self_management-col = Offered self-management
eval-source-self = the person themselves
eval-source-gp = a GP
eval-source-practice_staff = practice staff
eval-source-other = someone else
eval-measure-phq9 = PHQ-9 (lower is better)
eval-measure-gad7 = GAD-7 (lower is better)
eval-measure-gas = Goal Attainment Scaling T-score (higher is better)
eval-work-returned_to_work = Back at work after time off sick
eval-work-kept_in_work = Kept in work
eval-work-into_work = Into work from unemployment
eval-work-into_volunteering = Into volunteering from unemployment
eval-end-low = Low
eval-end-central = Central
eval-end-high = High
eval-dim-deprivation = Deprivation quintile of where they live
eval-dim-age = Age
eval-dim-sex = Sex
eval-dim-ethnic_group = Ethnic group
eval-dim-homeless = Homeless or in temporary housing
eval-dim-refugee_asylum = Refugee or seeking asylum
eval-dim-gypsy_roma_traveller = Gypsy, Roma or Traveller
eval-dim-armed_forces = Armed forces community
eval-dim-unpaid_carer = Unpaid carer
eval-quintile-1 = 1 (most deprived fifth)
eval-quintile-2 = 2
eval-quintile-3 = 3
eval-quintile-4 = 4
eval-quintile-5 = 5 (least deprived fifth)
eval-age-under_18 = Under 18
eval-age-18_24 = 18 to 24
eval-age-25_34 = 25 to 34
eval-age-35_44 = 35 to 44
eval-age-45_54 = 45 to 54
eval-age-55_64 = 55 to 64
eval-age-65_74 = 65 to 74
eval-age-75_plus = 75 and over
eval-sex-female = Female
eval-sex-male = Male
eval-sex-other = Another way
eval-ethnic-white = White
eval-ethnic-mixed = Mixed or multiple
eval-ethnic-asian = Asian or Asian British
eval-ethnic-black = Black or Black British
eval-ethnic-other = Chinese or another group
eval-yesno-yes = Yes
eval-yesno-no = No
eval-equity-lede = Deprivation comes from the postcode directory imported with `roots postcodes import`; where it holds no rank for someone's postcode, it is not known. Quintiles are fifths of the person's own nation's index.
eval-charts-title = Charts
eval-chart-weeks = Referrals received per week
eval-chart-waits = Waits in days
eval-chart-change = Mean improvement in points (a fall in PHQ-9 and GAD-7, a rise in the GAS T-score)
eval-chart-deprivation = Share of referrals by deprivation quintile (%)
eval-formulas-title = How it is worked out
eval-formula-cost = Cost: { $hours } OT clinic hours × £{ $rate } an hour = £{ $cost }.
eval-formula-gp = GP appointments avoided: { $n } × (£{ $hour } an hour × { $minutes } minutes ÷ 60 = £{ $each }) = £{ $total }.
eval-formula-cmht = CMHT referrals avoided: { $n } × £{ $each } = £{ $total }.
eval-formula-work = People into work from unemployment: { $n } × £{ $each } a year = £{ $total }.
eval-formula-net = Net saving per person seen: (costs avoided − cost) ÷ people seen.
eval-formula-ratio = Return for every £1: costs avoided ÷ cost.
eval-formula-range = Low takes the low end of each value avoided and the high end of the OT's cost; high the opposite; central the values themselves.
eval-costs-title = Unit costs and values used
eval-cost-gp_hour = A GP's patient contact, an hour
eval-cost-gp_consultation_minutes = A GP consultation, in minutes
eval-cost-ot_hour = An advanced occupational therapist, an hour
eval-cost-cmht_referral = A referral to a community mental health team
eval-cost-unemployment_to_work = A year's saving for each person moved from unemployment into work
eval-cost-range = { " " }(range { $low } to { $high })
eval-to-confirm = To confirm: not yet confirmed for this service.
eval-price-year = prices of { $year }
eval-formula-hidden = Costs avoided are not shown: a count they are worked out from is too small to show.
eval-formula-avoided = Costs avoided: GP appointments avoided × (GP hourly cost × consultation minutes ÷ 60) + CMHT referrals avoided × their cost + people into work from unemployment × the value of a year in work.
eval-formula-bases = The cost counts the OT clinic sessions in the period; the costs avoided count what happened to the referrals received in it, up to today.

## Issue 19: limits on dates, numbers and settings
error-date-out-of-range = The date must be between 1850 and 2199
error-iso-date-out-of-range = Enter a date between 1850-01-01 and 2199-12-31
day-previous = Previous day
day-next = Next day
day-other = Show another day
day-show = Show
api-bad-query = The query string has problems; see errors.
api-query-number = Give a whole number from { $min } to { $max }.

## Issue 19: the second factor, key encryption, administrator step-up
two-factor-unavailable-title = Authenticator apps cannot be set up yet
two-factor-unavailable-text = Roots is not yet set up to keep authenticator keys safely, so you cannot finish signing in. Tell whoever runs Roots for your service: it needs its two-factor key file.
step-up-title = Confirm it's you
step-up-lede = You are changing a member of staff's account. Enter your password, or a code from your authenticator app, to confirm it's you. Your changes are kept and made when you continue.
step-up-password = Your password
step-up-code = Or a code from your authenticator app
step-up-code-hint = The 6-digit code your app shows now.
step-up-button = Continue
step-up-cancel = Cancel and go back to staff accounts
step-up-missing = Enter your password or a code from your authenticator app
step-up-code-wrong = The code is not right. Enter the code your app shows now, or your password

## Issue 19: the audit trail's check (viewer and subject access)
audit-trust-title = The audit trail failed its check
audit-trust-title-unchecked = Not every event has been checked yet
audit-trust-not-yet = Events from number { $next } on have not been checked yet, so they are not shown: the server checks them in the background. Try again in a few minutes.
audit-trust-verified = { $n ->
    [0] No event of the trail is verified yet.
   *[other] The trail is verified up to event { $n }.
}
audit-trust-broken = The trail fails its check at event { $seq }: { $reason }. Events from number { $seq } on cannot be trusted and are not shown; events 1 to { $verified } are.
audit-trust-rewritten = Event { $seq } no longer matches the check made at { $time }: the trail may have been rewritten or shortened since. No event can be shown as verified.
audit-trust-outside = { $n ->
    [one] 1 row numbered below 1 is not an event of the trail and is not shown.
   *[other] { $n } rows numbered below 1 are not events of the trail and are not shown.
}
audit-trust-set-aside = { $n ->
    [one] 1 row that could not be an event of the trail was set aside when Roots was upgraded, and is not shown.
   *[other] { $n } rows that could not be events of the trail were set aside when Roots was upgraded, and are not shown.
}
audit-trust-what-to-do = Tell whoever runs Roots: they should run roots audit verify --checkpoints to find out what changed, and treat it as a security incident.
audit-reason-outside = its number is below 1, so it cannot be an event of the trail
audit-reason-gap = events before it are missing
audit-reason-previous = it does not follow from the event before it
audit-reason-contents = its contents were changed after it was written

## Issue 19: one text rule at every entry (roots_core::text)

error-text-control = Remove the control character at character { $at } (such as a null or escape character): it cannot be kept
error-text-line-break = This must be on one line: remove the line break at character { $at }
error-text-invisible = Remove the invisible formatting character at character { $at } (such as a direction mark, a zero-width space or a byte order mark)
error-text-unusable = Character { $at } cannot be used: delete it and type it again
error-text-no-letter = A name must include at least one letter
page-unreadable-title = There is a problem
page-unreadable-text = Some of what was sent could not be read as text, so nothing from that page was saved. Go back, check what you typed and send it again. Anything you saved before is kept.
page-bad-address-title = There is a problem
page-bad-address-text = This address has characters in it that cannot be used, such as a null or control character. Check the address, or go back and try again.
api-bad-request = The request cannot be read: check the address and the body.
api-too-large = The request is too large.
api-method-not-allowed = That method cannot be used on this address.
api-media-type = Send the body as application/json.
api-internal = Something went wrong. Nothing acknowledged has been lost; try again.
