# Roots: Welsh strings (Cymraeg).
# Every id here must also be in ../en/roots.ftl (the test command checks).
# Translated by the development team; to be reviewed by a qualified Welsh
# translator before live use (hazard log H-005).

## Shared

service-name = Therapi galwedigaethol yn eich practis meddyg teulu
service-short = Roots OT
lang-switch = English
skip-link = Neidio i'r prif gynnwys
back = Yn ôl
continue = Parhau
not-answered = Heb ateb
error-summary-title = Mae problem
error-prefix = Gwall:
title-error-prefix = Gwall:
footer-staff = Mewngofnodi staff
footer-note = Meddalwedd ffynhonnell agored ar gyfer gwasanaethau therapi galwedigaethol cyswllt cyntaf yw Roots. Arddangosiad gyda data ffug yw hwn oni bai bod eich practis wedi dweud fel arall.
header-nav-label = Dewislen
or = neu
change = Newid
day = Diwrnod
month = Mis
year = Blwyddyn
date-hint = Er enghraifft, 15 3 1984
chars-limit = Gallwch ysgrifennu hyd at { $max } nod
month-1 = Ionawr
month-2 = Chwefror
month-3 = Mawrth
month-4 = Ebrill
month-5 = Mai
month-6 = Mehefin
month-7 = Gorffennaf
month-8 = Awst
month-9 = Medi
month-10 = Hydref
month-11 = Tachwedd
month-12 = Rhagfyr

## Start page

page-start-title = Cael help gan therapydd galwedigaethol yn eich practis meddyg teulu
page-start-lede = Mae therapyddion galwedigaethol yn eich helpu gyda'r pethau bob dydd sydd wedi mynd yn anodd, fel gofalu amdanoch eich hun, rheoli eich cartref, gweithio, cysgu neu fynd allan i weld pobl.
page-start-what-title = Beth mae therapydd galwedigaethol yn ei wneud
page-start-what = Maen nhw'n edrych ar yr hyn sy'n bwysig i chi yn eich bywyd bob dydd ac yn gweithio gyda chi i'w wneud yn haws: strategaethau ymarferol, gosod nodau, rheoli poen, blinder, pryder neu hwyliau isel, help i aros yn y gwaith neu ddychwelyd iddo, a chysylltiadau â grwpiau a gwasanaethau yn agos atoch chi.
page-start-who-title = Pwy all ddefnyddio'r gwasanaeth hwn
page-start-who = Unrhyw un sydd wedi cofrestru gydag un o'n practisau meddyg teulu, neu sy'n byw gerllaw heb feddyg teulu. Does dim angen diagnosis arnoch, na gweld meddyg teulu yn gyntaf. Gall rhywun arall lenwi hwn ar eich rhan, gyda'ch cytundeb chi.
page-start-next-title = Beth sy'n digwydd nesaf
page-start-next = Mae'n cymryd tua 10 munud. Bydd therapydd galwedigaethol yn darllen yr hyn rydych chi'n ei ddweud wrthym ac yn cysylltu â chi o fewn 5 diwrnod gwaith i siarad am beth fyddai'n helpu. Efallai y byddan nhw'n awgrymu gwasanaeth arall sy'n fwy addas i chi.
page-start-emergency = Nid yw'r gwasanaeth hwn ar gyfer argyfyngau. Os oes angen help arnoch chi nawr, mae'r cwestiwn cyntaf yn dweud wrthych ble i'w gael.
page-start-button = Dechrau nawr

## Help now

q-help-now-title = Oes angen help arnoch chi nawr?
q-help-now-hint = Er enghraifft, mae gennych chi boen yn y frest, arwyddion strôc, anhawster difrifol i anadlu, gwaedu trwm, rydych chi wedi cymryd gorddos, neu rydych chi'n teimlo y gallech weithredu ar feddyliau am ddod â'ch bywyd i ben.
opt-needs_help_now-yes = Oes, mae angen help arnaf nawr
opt-needs_help_now-no = Nac oes
page-urgent-title = Cael help nawr
page-urgent-999 = Ffoniwch 999 neu ewch i'r adran achosion brys nawr os yw bywyd rhywun mewn perygl: poen yn y frest, arwyddion strôc (wyneb yn disgyn, gwendid yn y fraich, problemau siarad), anhawster difrifol i anadlu, gwaedu trwm, gorddos wedi'i gymryd, neu os gallech weithredu ar feddyliau am ddod â'ch bywyd i ben.
page-urgent-111 = { $nation ->
    [england] Ffoniwch GIG 111 neu defnyddiwch GIG 111 ar-lein os oes angen help arnoch ar frys ond nad yw'n argyfwng. I gael cymorth iechyd meddwl, ffoniwch 111 a dewis yr opsiwn iechyd meddwl, unrhyw adeg o'r dydd neu'r nos.
   *[wales] Ffoniwch GIG 111 os oes angen help arnoch ar frys ond nad yw'n argyfwng. Yng Nghymru, ffoniwch 111 a dewis opsiwn 2 i gael cymorth iechyd meddwl, unrhyw adeg o'r dydd neu'r nos.
}
page-urgent-samaritans = Y Samariaid: ffoniwch 116 123, am ddim, unrhyw bryd, i siarad â rhywun.
page-urgent-abuse = { $nation ->
    [england] Os nad ydych chi'n teimlo'n ddiogel gartref, ffoniwch y Llinell Gymorth Genedlaethol Cam-drin Domestig am ddim ar 0808 2000 247, unrhyw adeg. Mewn argyfwng, ffoniwch 999.
   *[wales] Os nad ydych chi'n teimlo'n ddiogel gartref, ffoniwch linell gymorth Byw Heb Ofn ar 0808 80 10 800 (Cymru) neu'r Llinell Gymorth Genedlaethol Cam-drin Domestig ar 0808 2000 247 (Lloegr). Mewn argyfwng, ffoniwch 999.
}
page-urgent-continue-title = Os nad oes angen help arnoch chi nawr
page-urgent-continue = Gallwch chi barhau â'ch atgyfeiriad. Bydd therapydd galwedigaethol yn ei ddarllen, ond nid ar unwaith.
page-urgent-continue-button = Parhau â'm hatgyfeiriad

## Safety questions (right after "Do you need help right now?")

q-symptoms-now-title = Oes gennych chi unrhyw un o'r rhain ar hyn o bryd?
q-symptoms-now-hint = Dewiswch bob un sy'n berthnasol. Os oes, byddwn ni'n dweud wrthych chi ble i gael help ar unwaith.
opt-emergency_signs-chest_pain = Poen yn y frest
opt-emergency_signs-stroke_signs = Arwyddion strôc: eich wyneb yn disgyn ar un ochr, gwendid mewn braich, neu broblemau siarad
opt-emergency_signs-breathless = Anhawster difrifol i anadlu
opt-emergency_signs-bleeding = Gwaedu trwm sydd ddim yn stopio
opt-emergency_signs-overdose = Rydych chi wedi cymryd gorddos neu wedi cael eich gwenwyno
opt-emergency_signs-sudden_headache = Cur pen sydyn a difrifol
opt-emergency_signs-none = Nac oes, dim un o'r rhain

q-how-you-are-feeling-title = Sut ydych chi wedi bod yn teimlo yn ddiweddar?
q-how-you-are-feeling-hint = Dewiswch bob un sy'n berthnasol. Gall y rhain fod yn gwestiynau anodd. Rydyn ni'n eu gofyn i bawb, fel nad oes rhaid i neb sydd angen help aros.
opt-crisis_signs-ending_life_thoughts = Rydw i wedi cael meddyliau am ddod â fy mywyd i ben
opt-crisis_signs-ending_life_plans = Rydw i wedi gwneud cynlluniau i ddod â fy mywyd i ben
opt-crisis_signs-self_harm = Rydw i wedi brifo fy hun yn fwriadol yn ddiweddar
opt-crisis_signs-none = Dim un o'r rhain
opt-crisis_signs-prefer_not_to_say = Byddai'n well gen i beidio â dweud

q-other-concerns-title = Oes unrhyw beth arall yn eich poeni ar hyn o bryd?
q-other-concerns-hint = Dewiswch bob un sy'n berthnasol.
opt-other_concerns-unsafe_at_home = Dydw i ddim yn teimlo'n ddiogel gartref
opt-other_concerns-someone_at_risk = Rydw i'n poeni bod plentyn neu oedolyn mewn perygl o niwed
opt-other_concerns-fall_head_injury = Rydw i wedi cwympo ac wedi taro fy mhen
opt-other_concerns-fall_cannot_get_up = Rydw i wedi cwympo ac wedi methu codi ar fy mhen fy hun
opt-other_concerns-back_pain_bladder = Poen cefn gyda cholli rheolaeth ar fy mhledren neu fy ymysgaroedd, neu fferdod o gwmpas fy mhen-ôl neu fy organau rhywiol
opt-other_concerns-weight_loss = Rydw i'n colli pwysau heb drio
opt-other_concerns-new_weakness_confusion = Gwendid newydd yn fy mreichiau neu fy nghoesau, neu ddryswch newydd
opt-other_concerns-none = Nac oes, dim un o'r rhain
page-urgent-intro = O'r hyn rydych chi wedi'i ddweud wrthym, dyma'r help sy'n fwyaf addas. Mae eich atebion wedi'u cadw.
page-urgent-crisis = { $nation ->
    [england] Os ydych chi'n meddwl am ddod â'ch bywyd i ben neu wedi brifo eich hun, ffoniwch GIG 111 a dewis yr opsiwn iechyd meddwl, unrhyw adeg o'r dydd neu'r nos. Gallwch chi hefyd ffonio'r Samariaid am ddim ar 116 123. Os ydych chi mewn perygl uniongyrchol, ffoniwch 999.
   *[wales] Os ydych chi'n meddwl am ddod â'ch bywyd i ben neu wedi brifo eich hun, ffoniwch GIG 111 a dewis yr opsiwn iechyd meddwl (opsiwn 2 yng Nghymru), unrhyw adeg o'r dydd neu'r nos. Gallwch chi hefyd ffonio'r Samariaid am ddim ar 116 123. Os ydych chi mewn perygl uniongyrchol, ffoniwch 999.
}

## Question pages

q-source-title = Pwy sy'n gwneud yr atgyfeiriad hwn?
opt-source-self = Y person ei hun, dros y ffôn neu wyneb yn wyneb
opt-source-gp = Meddyg teulu
opt-source-practice_staff = Staff y practis
opt-source-other = Rhywun arall, fel aelod o'r teulu neu wasanaeth arall

q-name-title = Beth yw eich enw?
f-given_name = Enw cyntaf
f-family_name = Cyfenw

q-date-of-birth-title = Beth yw eich dyddiad geni?

q-contact-title = Sut gallwn ni gysylltu â chi?
q-contact-hint = Byddwn yn defnyddio hwn i drefnu galwad neu apwyntiad. Rhowch o leiaf un.
f-phone = Rhif ffôn
f-phone-hint = Ffôn symudol neu linell dir, er enghraifft 07700 900 982
f-email = Cyfeiriad e-bost
f-contact_via_practice = Os nad oes gennych chi ffôn nac e-bost
opt-contact_via_practice-yes = Does gen i ddim ffôn nac e-bost. Cysylltwch â mi drwy fy mhractis meddyg teulu.
f-leave_message = Gawn ni adael neges?
f-leave_message-hint = Er enghraifft, neges llais neu neges gyda phwy bynnag sy'n ateb
opt-leave_message-yes = Cewch
opt-leave_message-no = Na chewch

q-postcode-title = Beth yw eich cod post?
f-postcode = Cod post
f-postcode-hint = Er enghraifft, LL57 2PW
f-no_fixed_address = Os nad oes gennych chi god post
opt-no_fixed_address-yes = Does gen i ddim cyfeiriad sefydlog

q-nhs-number-title = Beth yw eich rhif GIG? (dewisol)
f-nhs_number = Rhif GIG
f-nhs_number-hint = Mae'n 10 digid o hyd, fel 485 777 3456. Gallwch ddod o hyd iddo ar lythyrau gan y GIG neu yn Ap GIG. Gadewch hwn yn wag os nad ydych chi'n ei wybod.

q-gp-practice-title = Gyda pha bractis meddyg teulu rydych chi wedi cofrestru?
opt-practice-not_listed = Nid yw fy mhractis ar y rhestr
opt-practice-not_registered = Dydw i ddim wedi cofrestru gyda meddyg teulu

q-language-title = Eich iaith
f-language = Pa iaith hoffech chi i ni ei defnyddio?
opt-language-en = Saesneg
opt-language-cy = Cymraeg
opt-language-other = Iaith arall
f-language_other = Pa iaith?
f-interpreter = Oes angen cyfieithydd arnoch chi?
opt-interpreter-yes = Oes
opt-interpreter-no = Nac oes
f-interpreter_language = Ar gyfer pa iaith mae angen cyfieithydd arnoch chi?
f-interpreter_language-hint = Nodwch Iaith Arwyddion Prydain os ydych chi'n ei defnyddio

q-communication-title = Oes angen unrhyw help arnoch chi i gyfathrebu â ni?
q-communication-hint = Dewiswch bob un sy'n berthnasol
opt-communication_needs-large_print = Print bras
opt-communication_needs-easy_read = Hawdd ei ddeall
opt-communication_needs-bsl = Dehonglydd Iaith Arwyddion Prydain (BSL)
opt-communication_needs-hearing_loop = Dolen sain
opt-communication_needs-support_person = Rhywun i'm helpu, fel gofalwr neu eiriolwr
opt-communication_needs-other = Rhywbeth arall
opt-communication_needs-none = Nac oes, does dim angen help arnaf i gyfathrebu
f-communication_other = Dywedwch wrthym beth fyddai'n helpu

q-your-words-title = Yn eich geiriau eich hun, beth sy'n digwydd?
q-your-words-hint = Dywedwch wrthym beth sydd wedi mynd yn anodd a sut mae'n effeithio ar eich diwrnod. Does dim angen diagnosis arnoch chi.

q-difficulties-title = Pa rannau o fywyd bob dydd sy'n anodd ar hyn o bryd?
q-difficulties-hint = Dewiswch bob un sy'n berthnasol
opt-difficulties-self_care = Gofalu amdanoch eich hun, fel ymolchi, gwisgo neu fwyta
opt-difficulties-home = Gofalu am eich cartref, fel coginio, glanhau neu siopa
opt-difficulties-work_study = Gwaith neu astudio
opt-difficulties-getting_out = Mynd allan a gweld pobl
opt-difficulties-sleep = Cysgu
opt-difficulties-caring = Gofalu am bobl eraill
opt-difficulties-hobbies = Diddordebau a phethau rydych chi'n eu mwynhau
opt-difficulties-money_paperwork = Arian a gwaith papur
opt-difficulties-other = Rhywbeth arall

q-how-long-title = Ers faint mae hyn wedi bod yn digwydd?
opt-duration-under_1_month = Llai na mis
opt-duration-1_3_months = 1 i 3 mis
opt-duration-3_12_months = 3 i 12 mis
opt-duration-over_1_year = Mwy na blwyddyn

q-matters-most-title = Beth sydd bwysicaf i chi?
q-matters-most-hint = Er enghraifft, mynd yn ôl i'r gwaith, mynd â'r ci am dro eto, neu deimlo'n ddigon da i weld ffrindiau

q-work-title = Gwaith
f-work_status = Beth yw eich sefyllfa waith?
opt-work_status-working = Yn gweithio
opt-work_status-self_employed = Hunangyflogedig
opt-work_status-off_sick = I ffwrdd o'r gwaith yn sâl
opt-work_status-unemployed = Ddim yn gweithio ac yn chwilio am waith
opt-work_status-student = Mewn addysg neu hyfforddiant
opt-work_status-retired = Wedi ymddeol
opt-work_status-carer = Yn gofalu am rywun yn llawn amser
opt-work_status-other = Rhywbeth arall
f-off_sick = Os ydych chi i ffwrdd o'r gwaith yn sâl, ers pryd?
f-fit_note = Oes angen nodyn ffitrwydd arnoch chi?
f-fit_note-hint = Os ydych chi'n gweithio neu i ffwrdd yn sâl. Mae nodyn ffitrwydd yn rhoi cyngor i'ch cyflogwr am eich ffitrwydd i weithio.
opt-fit_note-yes = Oes
opt-fit_note-no = Nac oes
opt-fit_note-not_sure = Ddim yn siŵr

q-about-you-title = Rhai cwestiynau dewisol amdanoch chi
q-about-you-p1 = Mae'r 7 cwestiwn nesaf yn ein helpu i wirio bod y gwasanaeth yn deg ac yn cyrraedd pawb sydd ei angen. Does dim rhaid i chi eu hateb, a gallwch ddewis "Mae'n well gen i beidio â dweud".
q-about-you-p2 = Nid yw eich atebion yn newid yr help a gewch chi. Dim ond tîm y gwasanaeth all eu gweld, ac nid yw adroddiadau byth yn eu dangos mewn ffordd sy'n eich adnabod chi.
q-about-you-answer = Ateb y cwestiynau hyn
q-about-you-skip = Hepgor y cwestiynau hyn

q-sex-title = Beth yw eich rhyw?
q-sex-hint = Pam rydym yn gofyn: i wirio bod y gwasanaeth yn cyrraedd dynion a menywod yn gyfartal.
opt-sex-female = Benyw
opt-sex-male = Gwryw
opt-sex-other = Rwy'n disgrifio fy hun mewn ffordd arall
opt-sex-prefer_not_to_say = Mae'n well gen i beidio â dweud

q-ethnic-group-title = Beth yw eich grŵp ethnig?
q-ethnic-group-hint = Pam rydym yn gofyn: mae rhai cymunedau'n ei chael hi'n anoddach cael help, ac mae angen i ni wybod er mwyn newid hynny.
opt-ethnic_group-A = Gwyn: Cymreig, Seisnig, Albanaidd, Gwyddelig Gogledd Iwerddon neu Brydeinig
opt-ethnic_group-B = Gwyn: Gwyddelig
opt-ethnic_group-C = Gwyn: unrhyw gefndir Gwyn arall, gan gynnwys Sipsi, Roma neu Deithiwr Gwyddelig
opt-ethnic_group-D = Cymysg: Gwyn a Du Caribïaidd
opt-ethnic_group-E = Cymysg: Gwyn a Du Affricanaidd
opt-ethnic_group-F = Cymysg: Gwyn ac Asiaidd
opt-ethnic_group-G = Cymysg: unrhyw gefndir cymysg arall
opt-ethnic_group-H = Asiaidd neu Asiaidd Prydeinig: Indiaidd
opt-ethnic_group-J = Asiaidd neu Asiaidd Prydeinig: Pacistanaidd
opt-ethnic_group-K = Asiaidd neu Asiaidd Prydeinig: Bangladeshaidd
opt-ethnic_group-L = Asiaidd neu Asiaidd Prydeinig: unrhyw gefndir Asiaidd arall
opt-ethnic_group-M = Du neu Ddu Prydeinig: Caribïaidd
opt-ethnic_group-N = Du neu Ddu Prydeinig: Affricanaidd
opt-ethnic_group-P = Du neu Ddu Prydeinig: unrhyw gefndir Du arall
opt-ethnic_group-R = Tsieineaidd
opt-ethnic_group-S = Unrhyw grŵp ethnig arall
opt-ethnic_group-Z = Mae'n well gen i beidio â dweud

q-housing-title = Ble rydych chi'n byw ar hyn o bryd?
q-housing-hint = Pam rydym yn gofyn: gall ble rydych chi'n byw effeithio ar eich iechyd a'r help sy'n addas i chi.
opt-housing-own_home = Mewn cartref rwy'n berchen arno
opt-housing-rent_private = Mewn cartref rwy'n ei rentu gan landlord preifat
opt-housing-rent_social = Mewn cartref rwy'n ei rentu gan y cyngor neu gymdeithas dai
opt-housing-with_family_friends = Gyda theulu neu ffrindiau
opt-housing-temporary = Mewn llety dros dro, fel hostel neu loches
opt-housing-no_fixed_address = Does gen i ddim cyfeiriad sefydlog
opt-housing-other = Rhywle arall
opt-housing-prefer_not_to_say = Mae'n well gen i beidio â dweud

q-refugee-asylum-title = Ydych chi'n ffoadur neu'n geisiwr lloches?
q-refugee-asylum-hint = Pam rydym yn gofyn: gall pobl sy'n newydd i'r wlad ei chael hi'n anodd cyrraedd gwasanaethau. Nid yw eich ateb byth yn cael ei rannu â'r Swyddfa Gartref.
q-gypsy-roma-traveller-title = Ydych chi'n aelod o gymunedau Sipsiwn, Roma neu Deithwyr?
q-gypsy-roma-traveller-hint = Pam rydym yn gofyn: mae gwasanaethau iechyd yn aml yn methu'r cymunedau hyn, ac rydym eisiau eu cyrraedd.
q-armed-forces-title = Ydych chi wedi gwasanaethu yn y lluoedd arfog?
q-armed-forces-hint = Pam rydym yn gofyn: gall cyn-filwyr a'u teuluoedd gael cymorth ychwanegol.
opt-armed_forces-serving = Ydw, rwy'n gwasanaethu nawr
opt-armed_forces-veteran = Ydw, rwyf wedi gwasanaethu yn y gorffennol
opt-armed_forces-family = Nac ydw, ond rwy'n rhan o deulu sy'n gwasanaethu neu deulu cyn-filwr
opt-armed_forces-no = Nac ydw
opt-armed_forces-prefer_not_to_say = Mae'n well gen i beidio â dweud
q-unpaid-carer-title = Ydych chi'n gofalu am rywun heb gael eich talu?
q-unpaid-carer-hint = Pam rydym yn gofyn: gall gofalwyr gael cymorth iddyn nhw eu hunain, a gall gofalu wneud bywyd bob dydd yn anoddach.
opt-yes_no_prefer-yes = Ydw
opt-yes_no_prefer-no = Nac ydw
opt-yes_no_prefer-prefer_not_to_say = Mae'n well gen i beidio â dweud

## Check your answers, confirmation

page-check-title = Gwiriwch eich atebion cyn anfon eich atgyfeiriad
page-check-staff-title = Gwiriwch yr atebion cyn anfon yr atgyfeiriad hwn
sum-source = Wedi'i atgyfeirio gan
sum-help-now = Angen help nawr
sum-symptoms-now = Symptomau nawr
sum-how-you-are-feeling = Sut rydych chi wedi bod yn teimlo
sum-other-concerns = Pryderon eraill
sum-name = Enw
sum-date-of-birth = Dyddiad geni
sum-contact = Cysylltu
sum-postcode = Cod post
sum-nhs-number = Rhif GIG
sum-gp-practice = Practis meddyg teulu
sum-language = Iaith
sum-communication = Help i gyfathrebu
sum-your-words = Yn eich geiriau eich hun
sum-difficulties = Beth sy'n anodd
sum-how-long = Ers faint
sum-matters-most = Beth sydd bwysicaf
sum-work = Gwaith
sum-sex = Rhyw
sum-ethnic-group = Grŵp ethnig
sum-housing = Ble rydych chi'n byw
sum-refugee-asylum = Ffoadur neu geisiwr lloches
sum-gypsy-roma-traveller = Sipsi, Roma neu Deithiwr
sum-armed-forces = Lluoedd arfog
sum-unpaid-carer = Gofalwr di-dâl
sum-phone = Ffôn: { $value }
sum-email = E-bost: { $value }
sum-via-practice = Drwy'r practis meddyg teulu
sum-leave-message-yes = Gellir gadael negeseuon
sum-leave-message-no = Peidiwch â gadael negeseuon
sum-no-fixed-address = Dim cyfeiriad sefydlog
sum-interpreter = Angen cyfieithydd: { $value }
sum-no-interpreter = Dim angen cyfieithydd
sum-off-sick-since = I ffwrdd yn sâl ers { $value }
sum-fit-note = Angen nodyn ffitrwydd: { $value }
page-check-consent-title = Nawr anfonwch eich atgyfeiriad
page-check-consent-text = Drwy anfon yr atgyfeiriad hwn rydych chi'n cytuno y gall y tîm therapi galwedigaethol yn eich practis meddyg teulu ei ddarllen, ei gadw yn eich cofnod iechyd, a chysylltu â chi amdano. Efallai y byddan nhw'n ei rannu â gwasanaeth GIG neu ofal arall os gall y gwasanaeth hwnnw eich helpu'n well, a byddan nhw'n dweud wrthych chi os ydyn nhw'n gwneud hynny.
f-consent = Cytundeb
opt-consent-yes = Rwy'n cytuno, ac mae'r wybodaeth a roddais yn gywir hyd eithaf fy ngwybodaeth
page-check-staff-consent = Cytunodd y person i'r atgyfeiriad hwn ac i'r tîm gysylltu â nhw.
page-check-submit = Anfon yr atgyfeiriad
page-check-optional-title = Cwestiynau dewisol

page-confirm-title = Atgyfeiriad wedi'i anfon
page-confirm-reference = Eich cyfeirnod yw
page-confirm-next-title = Beth sy'n digwydd nesaf
page-confirm-next = Bydd therapydd galwedigaethol yn darllen eich atgyfeiriad ac yn cysylltu â chi o fewn 5 diwrnod gwaith. Cadwch eich cyfeirnod: gallwch ei ddyfynnu os byddwch yn ffonio'r practis.
page-confirm-safety-title = Os bydd pethau'n gwaethygu
page-confirm-safety = Os oes angen help arnoch ar frys, ffoniwch GIG 111. Os yw bywyd rhywun mewn perygl, ffoniwch 999 neu ewch i'r adran achosion brys. Mae'r Samariaid ar gael unrhyw bryd ar 116 123.
page-confirm-staff-next = Mae'r atgyfeiriad yn y rhestr ar gyfer y therapydd galwedigaethol. Rhowch y cyfeirnod hwn i'r person.
page-confirm-another = Rhoi atgyfeiriad arall

## Errors (validation)

error-too-long = Rhaid iddo fod yn { $max } nod neu lai
error-choice-invalid = Dewiswch un o'r opsiynau
error-source-missing = Dewiswch pwy sy'n gwneud yr atgyfeiriad hwn
error-help-now-missing = Dewiswch oes os oes angen help arnoch chi nawr
error-emergency-signs-missing = Dewiswch unrhyw un o'r rhain sydd gennych chi ar hyn o bryd, neu "Nac oes, dim un o'r rhain"
error-emergency-signs-none-and-other = Dewiswch y rhai sydd gennych chi, neu "Nac oes, dim un o'r rhain", nid y ddau
error-crisis-signs-missing = Dewiswch unrhyw rai sy'n berthnasol, "Dim un o'r rhain" neu "Byddai'n well gen i beidio â dweud"
error-crisis-signs-none-and-other = Dewiswch y rhai sy'n berthnasol, neu "Dim un o'r rhain", nid y ddau
error-other-concerns-missing = Dewiswch unrhyw beth sy'n eich poeni, neu "Nac oes, dim un o'r rhain"
error-other-concerns-none-and-other = Dewiswch beth sy'n eich poeni, neu "Nac oes, dim un o'r rhain", nid y ddau
error-given-name-missing = Rhowch eich enw cyntaf
error-family-name-missing = Rhowch eich cyfenw
error-dob-missing = Rhowch eich dyddiad geni
error-date-missing-day = Rhaid i'r dyddiad gynnwys diwrnod
error-date-missing-month = Rhaid i'r dyddiad gynnwys mis
error-date-missing-year = Rhaid i'r dyddiad gynnwys blwyddyn
error-date-year-digits = Rhaid i'r flwyddyn fod yn 4 rhif, fel 1984
error-date-not-real = Rhaid i'r dyddiad fod yn ddyddiad go iawn, fel 15 3 1984
error-dob-future = Rhaid i'ch dyddiad geni fod yn y gorffennol
error-dob-too-old = Gwiriwch flwyddyn eich dyddiad geni
error-off-sick-missing = Rhowch y dyddiad rydych chi wedi bod i ffwrdd yn sâl ers hynny
error-off-sick-future = Rhaid i'r dyddiad rydych chi wedi bod i ffwrdd yn sâl ers hynny fod heddiw neu yn y gorffennol
error-off-sick-too-old = Gwiriwch y flwyddyn rydych chi wedi bod i ffwrdd yn sâl ers hynny
error-contact-missing = Rhowch rif ffôn neu gyfeiriad e-bost, neu dywedwch wrthym am gysylltu â chi drwy eich practis meddyg teulu
error-phone-invalid = Rhowch rif ffôn gyda 10 i 15 digid, fel 07700 900 982 neu +44 7700 900 982
error-email-invalid = Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com
error-leave-message-missing = Dewiswch cewch os gallwn ni adael neges
error-postcode-missing = Rhowch eich cod post, neu dywedwch wrthym nad oes gennych chi gyfeiriad sefydlog
error-postcode-invalid = Rhowch god post go iawn, fel LL57 2PW
error-nhs-number-length = Mae gan rif GIG 10 digid. Gadewch ef yn wag os nad ydych chi'n ei wybod
error-nhs-number-check = Gwiriwch eich rhif GIG: nid yw'n rhif GIG go iawn. Gadewch ef yn wag os nad ydych chi'n siŵr
error-practice-missing = Dewiswch eich practis meddyg teulu, neu dywedwch wrthym nad yw ar y rhestr
error-language-missing = Dewiswch yr iaith yr hoffech i ni ei defnyddio
error-language-other-missing = Rhowch yr iaith yr hoffech i ni ei defnyddio
error-interpreter-missing = Dewiswch oes os oes angen cyfieithydd arnoch chi
error-interpreter-language-missing = Rhowch yr iaith mae angen cyfieithydd arnoch chi ar ei chyfer
error-communication-none-and-other = Dewiswch yr help sydd ei angen arnoch chi, neu "Nac oes", nid y ddau
error-communication-other-missing = Dywedwch wrthym beth fyddai'n eich helpu i gyfathrebu â ni
error-story-missing = Dywedwch wrthym yn eich geiriau eich hun beth sy'n digwydd
error-difficulties-missing = Dewiswch o leiaf un rhan o fywyd bob dydd sy'n anodd, neu "Rhywbeth arall"
error-duration-missing = Dewiswch ers faint mae hyn wedi bod yn digwydd
error-matters-most-missing = Dywedwch wrthym beth sydd bwysicaf i chi
error-work-status-missing = Dewiswch eich sefyllfa waith
error-fit-note-missing = Dewiswch oes os oes angen nodyn ffitrwydd arnoch chi
error-consent-missing = Dewiswch eich bod yn cytuno cyn anfon eich atgyfeiriad

## Error pages

page-error-title = Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth
page-error-text = Rhowch gynnig arall arni yn nes ymlaen. Nid oes dim yr oeddech chi eisoes wedi'i anfon wedi'i golli.
page-not-found-title = Heb ddod o hyd i'r dudalen
page-not-found-text = Os gwnaethoch chi deipio'r cyfeiriad gwe, gwiriwch ei fod yn gywir.
page-not-found-home = Mynd i'r dudalen gychwyn
page-forbidden-title = Mae eich sesiwn wedi dod i ben
page-forbidden-text = Er eich diogelwch, ni allem dderbyn y ffurflen honno. Ewch yn ôl, ail-lwythwch y dudalen a rhowch gynnig arall arni. Nid oes dim yr oeddech chi eisoes wedi'i gadw wedi'i golli.
page-too-large-title = Roedd hynny'n ormod i'w anfon ar unwaith
page-too-large-text = Ewch yn ôl a byrhewch yr hyn a deipiwyd gennych. Yr ateb hiraf rydym yn ei dderbyn yw 2000 nod.

## Staff pages

staff-nav-referrals = Atgyfeiriadau
staff-nav-new = Atgyfeiriad newydd
staff-nav-sign-out = Allgofnodi
staff-signed-in-as = Wedi mewngofnodi fel { $name }
staff-sign-in-title = Mewngofnodi
staff-sign-in-email = Cyfeiriad e-bost
staff-sign-in-password = Cyfrinair
staff-sign-in-button = Mewngofnodi
staff-sign-in-failed = Rhowch gyfeiriad e-bost a chyfrinair cywir
staff-sign-in-email-missing = Rhowch eich cyfeiriad e-bost
staff-sign-in-password-missing = Rhowch eich cyfrinair
staff-signed-out = Rydych chi wedi allgofnodi
staff-referrals-title = Atgyfeiriadau
staff-referrals-empty = Does dim atgyfeiriadau eto.
staff-referrals-caption = Atgyfeiriadau, y mwyaf diweddar yn gyntaf
staff-col-reference = Cyfeirnod
staff-col-name = Enw
staff-col-received = Wedi dod i law
staff-col-status = Statws
staff-col-source = Ffynhonnell
staff-col-practice = Practis
staff-status-new = Newydd
staff-help-now-tag = Wedi gofyn am help nawr
staff-age-minutes = { $n ->
    [one] { $n } munud yn ôl
    [two] { $n } funud yn ôl
   *[other] { $n } munud yn ôl
}
staff-age-hours = { $n ->
    [one] { $n } awr yn ôl
    [two] { $n } awr yn ôl
   *[other] { $n } awr yn ôl
}
staff-age-days = { $n ->
    [one] { $n } diwrnod yn ôl
    [two] { $n } ddiwrnod yn ôl
   *[other] { $n } diwrnod yn ôl
}
staff-age-now = Newydd gyrraedd
staff-referral-title = Atgyfeiriad { $reference }
staff-referral-received = Wedi dod i law { $when }
staff-referral-channel = Sut y cyrhaeddodd
staff-referral-entered-by = Wedi'i roi gan { $name }
opt-channel-online = Ar-lein, gan y person
opt-channel-staff = Wedi'i roi gan staff
opt-channel-api = O system arall
staff-pagination-next = Atgyfeiriadau hŷn
staff-pagination-previous = Atgyfeiriadau mwy diweddar
staff-new-title = Rhoi atgyfeiriad
staff-new-lede = Ar gyfer rhywun sydd wedi ffonio neu alw heibio. Gofynnwch y cwestiynau fel y maen nhw wedi'u hysgrifennu, a darllenwch y cyngor brys iddyn nhw os oes angen help arnyn nhw nawr.
staff-new-start = Dechrau atgyfeiriad newydd

## API

api-validation-failed = Mae problemau gyda'r atgyfeiriad; gweler errors.
api-unauthorised = Mewngofnodwch yn gyntaf.
api-not-found = Heb ei ganfod.
page-urgent-hidden = Angen gweithredu ar unwaith:
page-no-access-title = Nid oes gennych chi fynediad i'r dudalen hon
page-no-access-text = Nid yw eich rôl yn cynnwys hyn. Os oes ei angen arnoch ar gyfer eich gwaith, gofynnwch i arweinydd eich gwasanaeth. Mae'r ymgais hon wedi'i chofnodi.
staff-nav-sign-out-everywhere = Allgofnodi ar bob dyfais
staff-sign-in-locked = Gormod o ymdrechion i fewngofnodi. Arhoswch 15 munud, yna rhowch gynnig arall arni. Os ydych chi wedi anghofio eich cyfrinair, gofynnwch i'ch gweinyddwr.
staff-nav-tokens = Tocynnau API
staff-tokens-title = Eich tocynnau API
staff-tokens-lede = Mae sgriptiau a systemau eraill yn defnyddio'r rhain i gyrraedd API Roots fel chi, gyda'ch rolau chi. Mae gweinyddwr yn eu creu gyda'r gorchymyn roots token create. Diddymwch unrhyw rai nad ydych chi'n eu defnyddio mwyach.
staff-tokens-empty = Does gennych chi ddim tocynnau API.
staff-tokens-col-name = Ar gyfer
staff-tokens-col-expires = Yn dod i ben
staff-tokens-col-used = Defnyddiwyd ddiwethaf
staff-tokens-never = Erioed
staff-tokens-revoke = Diddymu
staff-tokens-revoked = Wedi'i ddiddymu
staff-tokens-expired = Wedi dod i ben
staff-nav-audit = Trywydd archwilio
staff-audit-title = Trywydd archwilio
staff-audit-user = Aelod o staff (cyfeiriad e-bost)
staff-audit-record = Cofnod
staff-audit-record-hint = Cyfeirnod atgyfeiriad, fel K7QH-4MPX, neu ddynodwr unrhyw gofnod
staff-audit-action = Gweithred
staff-audit-action-hint = Er enghraifft, referral.view, referral.list, auth.sign_in
staff-audit-from = O
staff-audit-to = I
staff-audit-date-hint = Dyddiad, fel 2026-11-24
staff-audit-search = Chwilio
staff-audit-csv = Lawrlwytho'r digwyddiadau hyn fel CSV
staff-audit-caption = Digwyddiadau, y mwyaf diweddar yn gyntaf
staff-audit-count = { $n ->
    [one] 1 digwyddiad yn cael ei ddangos (uchafswm { $max }).
    [two] 2 ddigwyddiad yn cael eu dangos (uchafswm { $max }).
   *[other] { $n } digwyddiad yn cael eu dangos (uchafswm { $max }).
}
staff-audit-col-when = Pryd
staff-audit-col-who = Pwy
staff-audit-col-roles = Rolau
staff-audit-col-action = Gweithred
staff-audit-col-record = Cofnod
staff-audit-col-outcome = Canlyniad
staff-audit-col-request = Cais
staff-audit-system = System (llinell orchymyn)
staff-audit-anonymous = Heb fewngofnodi
staff-audit-error-user = Does dim aelod o staff gyda'r cyfeiriad e-bost hwnnw
staff-audit-error-date = Rhowch ddyddiad fel 2026-11-24
honeypot-label = Gadewch hwn yn wag
sar-title = Popeth sy'n cael ei gadw am y person hwn
sar-lede = Ar gyfer cais gwrthrych am wybodaeth: pob atgyfeiriad sydd gan Roots ar gyfer y person hwn (hwn ac unrhyw un gyda'r un rhif GIG), a phob tro y cafodd eu gweld neu eu newid. Gwiriwch ef cyn ei anfon.
sar-json = Lawrlwytho fel JSON
sar-log-title = Pwy sydd wedi edrych ar y cofnodion hyn
sar-log-empty = Does neb wedi edrych ar y cofnodion hyn eto.
page-too-many-title = Rydym wedi cael sawl atgyfeiriad o'r cysylltiad hwn yn yr awr ddiwethaf
page-too-many-text = Mae eich atebion wedi'u cadw. Rhowch gynnig arall arni ymhen awr, neu ffoniwch eich practis meddyg teulu. Os oes angen help arnoch chi nawr, ffoniwch GIG 111, neu 999 os yw bywyd rhywun mewn perygl.

## Second factor, account, staff accounts, break-glass access
important = Pwysig
staff-nav-account = Eich cyfrif
staff-nav-users = Cyfrifon staff
staff-nav-break-glass = Mynediad torri'r gwydr
role-receptionist = Derbynnydd neu lywiwr gofal
role-occupational_therapist = Therapydd galwedigaethol
role-clinician = Clinigydd
role-service_lead = Arweinydd gwasanaeth
role-admin = Gweinyddwr
staff-practices-all = Pob practis yn y gwasanaeth
two-factor-code-title = Rhowch y cod o'ch ap dilysu
two-factor-code-lede = Roedd eich cyfrinair yn gywir. I orffen mewngofnodi, agorwch yr ap dilysu ar eich ffôn a rhowch y cod y mae'n ei ddangos ar gyfer Roots.
two-factor-code-label = Cod diogelwch
two-factor-code-hint = Y cod 6 digid o'ch ap, neu un o'ch codau adfer.
two-factor-code-button = Mewngofnodi
two-factor-code-lost = Os ydych wedi colli eich ffôn a'ch codau adfer, gofynnwch i weinyddwr ailosod eich ail ffactor.
two-factor-code-missing = Rhowch y cod 6 digid o'ch ap dilysu
two-factor-code-wrong = Nid yw'r cod yn gywir. Rhowch y cod y mae eich ap yn ei ddangos nawr, neu god adfer
two-factor-code-reused = Mae'r cod hwn wedi cael ei ddefnyddio eisoes. Arhoswch i'ch ap ddangos cod newydd, yna rhowch hwnnw
two-factor-setup-title = Gosod ap dilysu
two-factor-setup-lede = Mae eich rôl yn gofyn am ail gam wrth fewngofnodi, fel nad yw cyfrinair wedi'i ddwyn yn ddigon i agor cofnodion pobl.
two-factor-setup-step-app = Gosodwch ap dilysu ar eich ffôn, os nad oes gennych un (mae unrhyw ap sy'n cefnogi codau ar sail amser yn gweithio).
two-factor-setup-step-scan = Yn yr ap, ychwanegwch gyfrif a sganiwch y cod QR isod, neu teipiwch yr allwedd yn lle hynny.
two-factor-setup-step-code = Rhowch y cod 6 digid y mae'r ap yn ei ddangos wedyn.
two-factor-setup-qr-alt = Cod QR i ychwanegu Roots at eich ap dilysu. Os na allwch ei sganio, teipiwch yr allwedd sydd oddi tano.
two-factor-setup-key = Yr allwedd i'w theipio os na allwch sganio'r cod:
two-factor-setup-code-hint = Y cod 6 digid y mae eich ap yn ei ddangos ar gyfer Roots.
two-factor-setup-button = Parhau
two-factor-setup-wrong = Nid yw'r cod yn cyfateb. Gwiriwch fod yr amser ar eich ffôn yn gywir a rhowch y cod y mae eich ap yn ei ddangos nawr
two-factor-recovery-title = Mae eich ap dilysu wedi'i osod
two-factor-recovery-lede = Dyma eich codau adfer. Mae pob un yn gadael i chi fewngofnodi unwaith os nad yw eich ffôn gennych. Cadwch nhw rywle diogel, i ffwrdd o'ch ffôn, er enghraifft wedi'u hargraffu mewn drôr dan glo.
two-factor-recovery-warning = Ni fydd y codau hyn yn cael eu dangos eto. Mae gosod ap newydd yn rhoi codau newydd i chi ac yn atal y rhain rhag gweithio.
account-title = Eich cyfrif
account-name = Enw
account-roles = Rolau
account-practices = Practisau
account-two-factor = Ail ffactor
account-two-factor-on = Ap dilysu wedi'i osod
account-two-factor-off = Heb ei osod
account-two-factor-required = yn ofynnol ar gyfer eich rôl
account-two-factor-set-up-lede = Mae ap dilysu ar eich ffôn yn golygu nad yw cyfrinair wedi'i ddwyn yn ddigon i fewngofnodi fel chi.
account-two-factor-replace-lede = Os oes gennych ffôn newydd, gosodwch yr ap eto. Bydd eich hen ap a'ch codau adfer yn peidio â gweithio pan wnewch hynny.
account-two-factor-set-up = Gosod ap dilysu
account-two-factor-replace = Gosod yr ap ar ffôn newydd
account-change-password = Newid eich cyfrinair
account-recovery-used = Fe wnaethoch fewngofnodi gyda chod adfer, na ellir ei ddefnyddio eto. Os ydych wedi colli eich ffôn, gosodwch yr ap ar un newydd isod i gael codau newydd.
password-title = Newid eich cyfrinair
password-lede = Defnyddiwch gyfrinair hir nad ydych yn ei ddefnyddio yn unman arall. Mae tri neu bedwar gair ar hap yn gweithio'n dda. Byddwch yn cael eich allgofnodi ar bob dyfais ac yn mewngofnodi eto gyda'r cyfrinair newydd.
password-current = Eich cyfrinair presennol
password-new = Cyfrinair newydd
password-new-hint = O leiaf 12 nod. Dim rheolau am symbolau na phriflythrennau.
password-button = Newid cyfrinair
password-current-missing = Rhowch eich cyfrinair presennol
password-current-wrong = Nid yw eich cyfrinair presennol yn gywir
password-new-missing = Rhowch gyfrinair newydd
password-new-short = Rhaid i'ch cyfrinair newydd fod o leiaf 12 nod
password-new-long = Rhaid i'ch cyfrinair newydd fod yn 256 nod neu lai
password-new-guessable = Mae eich cyfrinair newydd yn rhy hawdd i'w ddyfalu. Rhowch gynnig ar dri neu bedwar gair ar hap
password-changed = Mae eich cyfrinair wedi'i newid. Mewngofnodwch gyda'ch cyfrinair newydd.
users-title = Cyfrifon staff
users-lede = Pawb sy'n gallu mewngofnodi i'r gwasanaeth hwn. Dewiswch enw i newid eu rolau neu eu practisau, analluogi eu cyfrif neu ailosod eu hail ffactor.
users-add = Ychwanegu aelod o staff
users-save = Cadw'r newidiadau
users-back = Yn ôl i gyfrifon staff
users-new-title = Ychwanegu aelod o staff
users-roles-hint = Dewiswch bob rôl sydd gan yr unigolyn hwn.
users-practices-hint = Dewiswch y practisau y maen nhw'n gweithio iddynt. Peidiwch â dewis yr un os ydyn nhw'n gweithio ar draws y gwasanaeth cyfan.
users-name-missing = Rhowch enw'r unigolyn
users-email-invalid = Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@example.org
users-email-taken = Mae cyfrif gyda'r cyfeiriad e-bost hwn eisoes
users-roles-missing = Dewiswch o leiaf un rôl
users-keep-own-admin = Ni allwch dynnu eich rôl gweinyddwr eich hun
users-status-active = Gweithredol
users-status-disabled = Wedi'i analluogi
users-disable = Analluogi'r cyfrif hwn
users-enable = Galluogi'r cyfrif hwn
users-reset = Ailosod yr ail ffactor
users-reset-hint = Gwnewch hyn pan fydd rhywun wedi colli ei ffôn a'i godau adfer. Bydd yn cael ei allgofnodi ac yn gosod ap dilysu eto y tro nesaf y bydd yn mewngofnodi.
users-created-title = Cyfrif wedi'i ychwanegu
users-created-lede = Rhowch y manylion hyn i { $name } wyneb yn wyneb neu dros y ffôn, nid drwy e-bost. Dylen nhw newid y cyfrinair o dudalen eu cyfrif pan fyddan nhw'n mewngofnodi gyntaf.
users-created-password = Cyfrinair untro
users-created-warning = Ni fydd y cyfrinair hwn yn cael ei ddangos eto.
break-glass-title = Mae'r unigolyn hwn y tu allan i'ch practisau
break-glass-lede = Mae'r atgyfeiriad hwn yn perthyn i bractis nad ydych yn gweithio iddo.
break-glass-warning = Gallwch ei agor os oes gennych reswm clinigol. Mae eich enw, yr amser a'ch rheswm yn cael eu cofnodi a'u dangos i'r arweinydd gwasanaeth.
break-glass-reason = Pam mae angen i chi agor y cofnod hwn?
break-glass-reason-hint = Er enghraifft: mae'r unigolyn yn dod i'ch clinig heddiw fel preswylydd dros dro.
break-glass-reason-short = Rhowch reswm o { $min } nod o leiaf
break-glass-button = Agor y cofnod
break-glass-not-allowed = Dim ond clinigwyr sy'n gallu agor cofnodion y tu allan i'w practisau. Gofynnwch i glinigydd neu'r arweinydd gwasanaeth os oes angen yr atgyfeiriad hwn arnoch.
break-glass-list-title = Mynediad torri'r gwydr
break-glass-list-lede = Cofnodion a agorwyd gan glinigwyr y tu allan i'w practisau eu hunain, gyda'r rheswm a roddwyd ganddynt, y diweddaraf yn gyntaf.
break-glass-list-empty = Nid oes neb wedi agor cofnod y tu allan i'w practisau.
break-glass-col-when = Pryd
break-glass-col-who = Pwy
break-glass-col-referral = Atgyfeiriad
break-glass-col-reason = Rheswm
two-factor-timed-out = Roedd mewngofnodi wedi cymryd gormod o amser, neu heb ddechrau. Mewngofnodwch eto gyda'ch cyfeiriad e-bost a'ch cyfrinair.

## The triage queue
staff-nav-triage = Ciw brysbennu
staff-nav-service = Hunan-atgyfeirio ymlaen neu i ffwrdd
staff-status-accepted = Derbyniwyd ar gyfer OT
staff-status-redirected = Ailgyfeiriwyd
staff-status-signposted = Cyfeiriwyd
staff-status-closed = Cyngor wedi'i roi, ar gau
staff-status-unable_to_contact = Methu cysylltu
priority-emergency = Argyfwng
priority-crisis = Argyfwng iechyd meddwl
priority-urgent = Brys
priority-soon = Cyn bo hir
priority-routine = Arferol
pathway-emergency_services = Gwasanaethau brys
pathway-crisis = Tîm argyfwng
pathway-safeguarding = Diogelu
pathway-gp = Meddyg teulu
pathway-mental_health = Iechyd meddwl
pathway-frailty_falls = Eiddilwch a chwympiadau
pathway-work_fitnote = Gwaith a nodiadau ffitrwydd
pathway-housing_advice = Cyngor tai
pathway-community_hub = Hyb cymunedol
pathway-ot_assessment = Asesiad OT
pathway-other = Arall
outcome-accept_ot = Derbyn ar gyfer asesiad OT
outcome-redirect = Ailgyfeirio i wasanaeth arall
outcome-signpost = Cyfeirio at adnodd cymunedol
outcome-advice_closed = Cyngor wedi'i roi a chau
outcome-unable_to_contact = Methu cysylltu
span-minutes = { $n ->
    [one] 1 munud
   *[other] { $n } munud
}
span-hours = { $n ->
    [one] 1 awr
   *[other] { $n } awr
}
span-days = { $n ->
    [one] 1 diwrnod
   *[other] { $n } diwrnod
}
triage-queue-title = Ciw brysbennu
triage-queue-lede = Atgyfeiriadau sy'n aros i gael eu brysbennu: y mwyaf brys yn gyntaf, yna'r rhai sydd wedi aros hiraf. Awgrym y rheolau yw'r flaenoriaeth a'r llwybrau, gyda'r rhesymau; chi sy'n eu cadarnhau neu'n eu newid.
triage-queue-empty = Nid oes atgyfeiriadau'n aros i gael eu brysbennu.
triage-breaches = { $n ->
    [one] Mae 1 atgyfeiriad wedi pasio ei darged ymateb.
   *[other] Mae { $n } atgyfeiriad wedi pasio eu targed ymateb.
}
triage-filter-practice = Practis
triage-filter-pathway = Llwybr
triage-filter-all = Pob un
triage-filter-button = Dangos
triage-col-pathways = Llwybrau
triage-col-waiting = Yn aros
triage-col-why = Pam
triage-col-claimed = Yn cael ei frysbennu
triage-due = targed { $when }
triage-left = { $time } ar ôl
triage-overdue = Yn hwyr o { $time }
triage-no-target = Dim targed
triage-no-suggestion = Ni wnaed awgrym ar gyfer yr atgyfeiriad hwn: brysbennwch o'r atgyfeiriad ei hun.
triage-phrase = Eu geiriau: “{ $words }”
triage-phrase-negated = gall fod yn negyddol: gwiriwch
triage-claimed-by = Yn cael ei frysbennu gan { $name }
triage-held = Mae { $name } yn brysbennu'r atgyfeiriad hwn. Gallwch ei gymryd drosodd pan fyddan nhw'n ei ryddhau, neu ar ôl 30 munud.
triage-claim = Brysbennu'r atgyfeiriad hwn
triage-claim-first = Mae rhywun arall yn brysbennu'r atgyfeiriad hwn nawr, neu mae wedi'i frysbennu eisoes. Ni chadwyd dim; gwiriwch yr hanes isod.
triage-release = Ei ryddhau i rywun arall
triage-title = Brysbennu { $reference }
triage-suggestion = Brysbennu a awgrymir
triage-read-referral = Darllen yr atgyfeiriad cyfan
triage-history = Y brysbennu hyd yma
triage-version = { $n ->
   *[other] Fersiwn { $n }
}
triage-attempts-n = { $n ->
    [one] 1 ymgais
   *[other] { $n } ymgais
}
triage-decide = Cadarnhau neu newid y brysbennu
triage-amend = Newid y brysbennu
triage-priority = Blaenoriaeth
triage-change-reason = Pam ydych chi'n newid yr awgrym?
triage-change-reason-hint = Mae angen hyn pan fydd eich blaenoriaeth neu'ch llwybrau'n wahanol i'r awgrym, ac ar gyfer unrhyw newid diweddarach.
triage-outcome = Canlyniad
triage-target = Gwasanaeth neu adnodd
triage-target-hint = Ble y gwnaethoch eu hailgyfeirio neu eu cyfeirio, er enghraifft y tîm iechyd meddwl cymunedol neu hyb I CAN.
triage-attempts = Ymdrechion i gysylltu
triage-attempts-hint = Sawl gwaith y ceisioch gysylltu â nhw, pan na allech.
triage-note = Nodiadau (dewisol)
triage-save = Cadw'r brysbennu
error-triage-priority = Dewiswch flaenoriaeth
error-triage-pathways = Dewiswch o leiaf un llwybr
error-triage-outcome = Dewiswch ganlyniad
error-triage-change-reason = Dywedwch pam eich bod yn newid y flaenoriaeth neu'r llwybrau a awgrymir
error-triage-amend-reason = Dywedwch pam eich bod yn newid y brysbennu
error-triage-target = Rhowch y gwasanaeth neu'r adnodd
error-triage-attempts = Rhowch sawl gwaith y ceisioch gysylltu â nhw
error-triage-attempts-range = Rhowch nifer o ymdrechion rhwng 1 a { $max }
service-settings-title = Hunan-atgyfeirio ymlaen neu i ffwrdd
service-settings-lede = Pan fydd y gwasanaeth yn llawn gallwch roi'r gorau i dderbyn hunan-atgyfeiriadau. Bydd pobl sy'n dod at y ffurflen yn gweld eich neges yn lle hynny, a dangosir y cyngor am help brys bob amser. Gall staff barhau i gofnodi atgyfeiriadau.
service-settings-open = Ydych chi'n derbyn hunan-atgyfeiriadau?
service-settings-open-yes = Ydyn, mae'r ffurflen ar agor
service-settings-open-no = Nac ydyn, mae'r gwasanaeth yn llawn
service-settings-message-en = Neges i bobl, yn Saesneg
service-settings-message-cy = Neges i bobl, yn Gymraeg
service-settings-message-hint = Er enghraifft, pryd rydych chi'n disgwyl agor eto a phwy arall all helpu. Gadewch yn wag ar gyfer y neges safonol.
service-settings-saved = Wedi'i gadw.
page-closed-title = Nid ydym yn derbyn hunan-atgyfeiriadau ar hyn o bryd
page-closed-text = Mae'r gwasanaeth therapi galwedigaethol yn llawn am y tro. Rhowch gynnig arall arni yn nes ymlaen, neu gofynnwch i'ch practis meddyg teulu am help.
page-closed-saved = Os oeddech wedi dechrau, cedwir eich atebion am 24 awr ar ôl eich newid diwethaf.
page-closed-urgent-link = Cael help brys nawr
api-closed = Nid yw'r gwasanaeth yn derbyn hunan-atgyfeiriadau ar hyn o bryd. Gall staff barhau i gofnodi atgyfeiriadau.
triage-open = Brysbennu
triage-print-hint = argraffwch ef i'w anfon gydag ailgyfeiriad: mae'r dudalen yn argraffu heb y dewislenni

## The episode of care
staff-nav-day = Eich diwrnod
staff-nav-alerts = Rhybuddion diogelwch
staff-nav-waiting = Rhestr aros
staff-nav-discussions = Trafodaethau achos
staff-nav-clinics = Clinigau
staff-referral-episode = Agor y cyfnod gofal
entry-kind-assessment = Asesiad
entry-kind-note = Nodyn
entry-kind-case_discussion = Trafodaeth achos
entry-kind-onward = Atgyfeiriad ymlaen
entry-kind-discharge = Rhyddhau
entry-kind-measure = Mesur canlyniad
entry-kind-goal = Nod
entry-kind-intervention = Ymyriad
entry-add-assessment = Cofnodi asesiad
entry-add-note = Ychwanegu nodyn
entry-add-case_discussion = Cofnodi trafodaeth achos
entry-add-onward = Cofnodi atgyfeiriad ymlaen
entry-assessment-routine = Hanes galwedigaethol a threfn ddyddiol
entry-assessment-routine-hint = Diwrnod ac wythnos arferol; beth sydd wedi newid a phryd.
entry-assessment-self_care = Hunanofal: beth sy'n anodd
entry-assessment-productivity = Cynhyrchiant (gwaith, astudio, gofalu, rhedeg y cartref): beth sy'n anodd
entry-assessment-leisure = Hamdden a bywyd cymdeithasol: beth sy'n anodd
entry-assessment-environment = Amgylchedd y cartref a'r gwaith
entry-assessment-matters = Beth sy'n bwysig i'r unigolyn
entry-assessment-risks = Risgiau
entry-assessment-risk_detail = Am y risgiau
entry-assessment-strengths = Cryfderau
entry-note-text = Nodyn
entry-case_discussion-outcome = Beth a gytunwyd
entry-case_discussion-actions = Camau gweithredu, a phwy fydd yn eu gwneud
entry-onward-target = Wedi'i atgyfeirio at
entry-onward-target_other = Pa wasanaeth
entry-onward-why = Pam
opt-risks-falls = Cwympiadau
opt-risks-self_neglect = Hunan-esgeuluso
opt-risks-safeguarding = Diogelu
opt-risks-none = Dim wedi'u nodi
opt-target-gp = Meddyg teulu
opt-target-cmht = Tîm iechyd meddwl cymunedol
opt-target-crisis_team = Tîm argyfwng
opt-target-physiotherapy = Ffisiotherapi
opt-target-social_care = Gofal cymdeithasol
opt-target-falls_service = Gwasanaeth cwympiadau
opt-target-employment_support = Cymorth cyflogaeth
opt-target-community_hub = Hyb cymunedol
opt-target-housing = Tai
opt-target-other = Gwasanaeth arall
entry-by = Gan { $who }
entry-version-n = { $n ->
   *[other] Fersiwn { $n }
}
entry-history = Hanes
entry-amend = Diwygio
entry-amend-title = Diwygio: { $what }
entry-amend-reason = Pam ydych chi'n diwygio'r cofnod hwn?
entry-save = Cadw
entry-conflict-title = Newidiodd rhywun y cofnod hwn tra oeddech chi'n ei olygu
entry-conflict-text = Ni chadwyd dim o'ch gwaith chi, ac mae eich testun wedi'i gadw isod. Dangosir eu fersiwn nhw yma; cyfunwch y ddau a chadw eto.
entry-history-title = Hanes: { $what }
entry-amended-because = Diwygiwyd oherwydd: { $why }
error-entry-required = Atebwch y cwestiwn hwn
error-entry-none-and-other = Dewiswch “Dim wedi'u nodi” ar ei ben ei hun, neu'r risgiau sy'n berthnasol
error-entry-amend-reason = Dywedwch pam eich bod yn diwygio'r cofnod hwn
person-dob = Dyddiad geni
person-nhs-number = Rhif GIG
person-not-known = Ddim yn hysbys
person-duplicate = Efallai mai'r un unigolyn yw: { $who }. Gwiriwch cyn uno unrhyw beth; nid oes dim yn cael ei uno'n awtomatig.
opt-mode-face_to_face = Wyneb yn wyneb
opt-mode-telephone = Ffôn
opt-mode-video = Fideo
opt-mode-home_visit = Ymweliad cartref
appointment-booked = Wedi'i drefnu
appointment-attended = Wedi dod
appointment-did_not_attend = Heb ddod
appointment-cancelled_by_person = Wedi'i ganslo gan yr unigolyn
appointment-cancelled_by_service = Wedi'i ganslo gan y gwasanaeth
appointment-moved = Wedi'i symud
appointment-record = Cofnodi beth ddigwyddodd
episode-status-open = Ar agor
episode-status-discharged = Wedi'i ryddhau
episode-flagged = Ar gyfer trafodaeth achos
episode-appointments = Apwyntiadau
episode-no-appointments = Dim apwyntiadau eto.
episode-book = Trefnu apwyntiad
episode-record = Cofnodi
episode-flag = Nodi ar gyfer trafodaeth achos gyda thîm y meddygon teulu
episode-unflag = Tynnu o'r drafodaeth achos
episode-timeline = Y cyfnod hyd yma
episode-no-entries = Dim wedi'i gofnodi eto.
waiting-title = Rhestr aros
waiting-lede = Pobl gyda chyfnod gofal ar agor a dim apwyntiad wedi'i drefnu, y rhai sydd wedi aros hiraf yn gyntaf.
discussions-title = Trafodaethau achos
discussions-lede = Cyfnodau a nodwyd i'w trafod gyda thîm y meddygon teulu yng nghyfarfod y practis.
list-empty = Neb ar hyn o bryd.
book-title = Trefnu apwyntiad
book-session = { $what }
book-none = Nid oes amseroedd rhydd yn y 4 wythnos nesaf. Gofynnwch i sesiwn glinig gael ei hychwanegu.
book-slot = Dewiswch amser
book-mode = Sut fydd yr apwyntiad yn digwydd?
book-button = Trefnu
error-book-choose = Dewiswch amser rhydd
error-book-taken = Trefnodd rhywun yr amser hwnnw eiliad yn ôl. Dewiswch un arall
day-title = Eich diwrnod
day-free = Rhydd
day-none = Nid oes gennych glinigau ar y diwrnod hwn.
clinics-title = Clinigau
clinics-coming = Clinigau yn y 4 wythnos nesaf
clinics-none = Dim clinigau eto.
clinics-add = Ychwanegu sesiwn glinig
clinics-ot = Therapydd galwedigaethol
clinics-date = Dyddiad
clinics-date-hint = Er enghraifft, 2026-12-03
clinics-start = Yn dechrau
clinics-end = Yn gorffen
clinics-time-hint = Cloc 24 awr, er enghraifft 09:30
clinics-slot = Hyd pob apwyntiad, mewn munudau
clinics-slot-hint = Rhwng 10 a 240
clinics-modes = Ffyrdd y gellir gweld pobl
clinics-add-button = Ychwanegu sesiwn
clinic-slot-minutes = Slotiau { $n } munud
error-clinic-practice = Dewiswch bractis
error-clinic-ot = Dewiswch therapydd galwedigaethol
error-clinic-date = Rhowch ddyddiad go iawn, fel 2026-12-03
error-clinic-time = Rhowch amser dechrau, fel 09:30
error-clinic-end = Rhowch amser gorffen ar ôl yr amser dechrau
error-clinic-slot = Rhowch hyd rhwng 10 a 240 munud
error-clinic-modes = Dewiswch o leiaf un ffordd y gellir gweld pobl
triage-changed-meanwhile = Newidiodd rhywun y brysbennu hwn tra oeddech chi'n edrych arno. Ni chadwyd dim; darllenwch yr hanes isod a rhowch gynnig arall arni.
## Cyfnod o ofal: mesurau canlyniad, nodau (GAS), ymyriadau a rhyddhau

measure-english-only = Mae'r cwestiynau hyn yn Saesneg yn unig. Nid oes fersiwn Gymraeg wedi'i gwirio ohonyn nhw wedi'i chyhoeddi.
error-measure-item-missing = Atebwch gwestiwn { $item }
error-measure-item-range = Rhaid i'r ateb i gwestiwn { $item } fod yn rhif rhwng { $min } a { $max }
error-measure-answer-count = Atebwch bob un o'r { $expected } cwestiwn
error-measure-mismatch = Mae'r sgorau hyn o fesurau gwahanol, felly ni ellir eu cymharu
error-gas-text-missing = Rhowch y nod
error-gas-level-missing = Disgrifiwch sut olwg fyddai ar lefel { $level }
error-gas-importance = Dewiswch pa mor bwysig yw'r nod, o 0 (ddim o gwbl) i 3 (iawn)
error-gas-difficulty = Dewiswch pa mor anodd yw'r nod, o 0 (ddim o gwbl) i 3 (iawn)
error-gas-baseline-missing = Dewiswch y sgôr ar y dechrau
error-gas-baseline-range = Rhaid i'r sgôr ar y dechrau fod yn -1, neu -2 os na allai pethau fod yn waeth
error-gas-rating-range = Rhaid i'r sgôr fod rhwng -2 a +2
error-gas-no-goals = Ychwanegwch o leiaf un nod
error-gas-too-many = Peidiwch â gosod mwy na { $max } nod
error-gas-no-weight = I gyfrifo sgôr, rhowch sgôr uwch na 0 i o leiaf un nod am bwysigrwydd ac am anhawster
error-gas-followup-missing = Rhowch sgôr i nod { $goal } yn yr adolygiad
error-intervention-code = Dewiswch yr ymyriad
error-intervention-minutes = Rhowch yr amser a dreuliwyd mewn munudau, rhwng { $min } a { $max }
error-discharge-reason = Dewiswch pam mae'r person yn cael ei ryddhau
error-discharge-reason-other = Rhowch y rheswm dros ryddhau
error-discharge-self-management = Dewiswch do os cafodd ymyriad hunanreoli ei gynnig
error-discharge-gp-avoided = Rhowch sawl apwyntiad meddyg teulu a osgowyd, rhwng 0 a { $max }
error-discharge-gp-avoided-none = Fe welsoch chi nhw yn lle'r meddyg teulu, felly cafodd o leiaf 1 apwyntiad meddyg teulu ei osgoi
error-discharge-ot-instead-of-gp = Dewiswch do os cwblhawyd apwyntiad gennych a fyddai fel arall wedi bod gyda'r meddyg teulu
error-discharge-cmht = Dewiswch do os cafodd atgyfeiriad at y tîm iechyd meddwl cymunedol ei osgoi
error-discharge-cmht-reason = Dywedwch pam y cafodd yr atgyfeiriad at y tîm iechyd meddwl cymunedol ei osgoi
error-discharge-medication = Dewiswch a gafodd meddyginiaeth ei hosgoi
error-discharge-work-start = Dewiswch eu sefyllfa waith ar y dechrau
error-discharge-work-end = Dewiswch eu sefyllfa waith wrth eu rhyddhau
error-discharge-secondary = Dewiswch do os cawson nhw eu hatgyfeirio at ofal eilaidd
error-discharge-secondary-where = Rhowch y gwasanaeth y cawson nhw eu hatgyfeirio ato
opt-intervention-self_management_education = Addysg hunanreoli
opt-intervention-graded_activity_pacing = Gweithgarwch graddedig a rheoli cyflymder
opt-intervention-fatigue_management = Rheoli blinder
opt-intervention-pain_management = Rheoli poen
opt-intervention-sleep = Cwsg
opt-intervention-anxiety_management = Rheoli gorbryder
opt-intervention-routine_habit_building = Meithrin trefn ac arferion
opt-intervention-vocational_rehab_work_advice = Adsefydlu galwedigaethol a chyngor am waith
opt-intervention-equipment_adaptations = Offer ac addasiadau
opt-intervention-falls_prevention_home_hazards = Atal codymau ac asesu peryglon yn y cartref
opt-intervention-carer_support = Cymorth i ofalwyr
opt-intervention-signposting = Cyfeirio at wasanaethau eraill
opt-discharge_reason-goals_met = Nodau wedi'u cyflawni
opt-discharge_reason-persons_choice = Dewis y person
opt-discharge_reason-referred_on = Wedi'i atgyfeirio ymlaen
opt-discharge_reason-no_contact = Heb ddod, neu methu cysylltu
opt-discharge_reason-moved_away = Wedi symud i ffwrdd
opt-discharge_reason-died = Wedi marw
opt-discharge_reason-other = Rheswm arall
opt-medication_avoided-yes = Do
opt-medication_avoided-no = Naddo
opt-medication_avoided-not_applicable = Amherthnasol

## Measures, goals, interventions, discharge
opt-yes_no-yes = Ie
opt-yes_no-no = Na
episode-record-measure = Cofnodi { $name }
episode-progress = Cynnydd
measure-alert = Rhybudd
measure-safety-title = Rhybudd diogelwch: gweithredwch ar hyn nawr
alerts-title = Rhybuddion diogelwch heb weithredu arnynt eto
alerts-lede = Pobl â rhybudd diogelwch (er enghraifft ateb PHQ-9 am feddyliau am hunan-niweidio) nad oes neb wedi cofnodi gweithredu arno eto, yr hynaf heb ateb yn gyntaf. Agorwch y cyfnod gofal, gweithredwch, a chofnodwch beth wnaethoch chi.
alert-title = Cofnodwch beth wnaethoch chi am y rhybudd diogelwch hwn
alert-risk = Ar ôl gofyn i'r person, sut ydych chi'n barnu'r risg nawr?
alert-risk-immediate = Risg uniongyrchol
alert-risk-not_immediate = Nid yw'n risg uniongyrchol
alert-actions = Beth wnaethoch chi?
alert-actions-hint = Dewiswch bob un sy'n berthnasol. Gyda risg uniongyrchol, rhaid i'r person fod yn cael help brys heddiw.
alert-action-spoke_to_person = Gofyn i'r person am y meddyliau ac asesu'r risg
alert-action-safety_plan = Cytuno ar gynllun diogelwch gyda'r person
alert-action-gp_informed = Dweud wrth feddyg teulu'r person
alert-action-gp_same_day = Trefnu adolygiad yr un diwrnod gyda'r meddyg teulu neu'r meddyg ar ddyletswydd
alert-action-crisis_team = Atgyfeirio ar frys at y tîm argyfwng neu'r tîm iechyd meddwl cymunedol
alert-action-emergency_services = Ffonio 999 neu fynd â'r person i'r Adran Achosion Brys
alert-action-other = Rhywbeth arall (dywedwch beth yn yr hanes)
alert-detail = Beth ddigwyddodd, a beth sydd wedi'i gynllunio
alert-act-link = Cofnodwch beth wnaethoch chi
alert-act-again = Cofnodwch ragor
alert-acted-title = Rhybuddion diogelwch y gweithredwyd arnynt
alert-acted = Gweithredwyd gan { $who }, { $when }: { $risk }; { $actions }. { $detail }
entry-kind-alert_ack = Gweithredwyd ar rybudd diogelwch
error-ack-risk-missing = Dewiswch a yw'r risg yn uniongyrchol
error-ack-actions-missing = Dewiswch beth wnaethoch chi
error-ack-actions-unknown = Dewiswch beth wnaethoch chi o'r rhestr
error-ack-immediate-needs-urgent = Gyda risg uniongyrchol, dewiswch yr help brys a drefnwyd: adolygiad yr un diwrnod gyda meddyg teulu neu feddyg ar ddyletswydd, y tîm argyfwng, neu 999
error-ack-detail-missing = Rhowch beth ddigwyddodd a beth sydd wedi'i gynllunio
chart-total = Cyfanswm y sgôr
chart-score = Sgôr
chart-baseline = Dechrau
chart-points = { $n ->
    [one] Cofnodwyd 1 sgôr.
   *[other] Cofnodwyd { $n } sgôr.
}
chart-change = { $what }.
chart-direction-improved = gwell
chart-direction-worse = gwaeth
chart-direction-no_change = dim newid
gas-new-title = Gosod nod
gas-new-intro = Cytunwch ar y nod gyda'r unigolyn. Disgrifiwch bob lefel yn eu geiriau nhw: fel arfer −1 yw ble maen nhw nawr a 0 yw'r canlyniad rydych chi'ch dau yn ei ddisgwyl.
gas-text = Y nod
gas-level-minus-2 = −2: llawer llai na'r disgwyl
gas-level-minus-1 = −1: ychydig yn llai na'r disgwyl (fel arfer nawr)
gas-level-0 = 0: y canlyniad disgwyliedig
gas-level-plus-1 = +1: ychydig yn fwy na'r disgwyl
gas-level-plus-2 = +2: llawer mwy na'r disgwyl
gas-importance = Pa mor bwysig yw'r nod hwn i'r unigolyn?
gas-difficulty = Pa mor anodd fydd ei gyflawni?
gas-baseline = Ble maen nhw nawr?
gas-followup = Ble maen nhw nawr, yn yr adolygiad?
gas-weight = Pwysau (pwysigrwydd × anhawster)
gas-importance-0 = 0: dim o gwbl
gas-importance-1 = 1: ychydig
gas-importance-2 = 2: yn gymedrol
gas-importance-3 = 3: iawn
gas-difficulty-0 = 0: dim o gwbl
gas-difficulty-1 = 1: ychydig
gas-difficulty-2 = 2: yn gymedrol
gas-difficulty-3 = 3: iawn
gas-rating-minus_2 = −2
gas-rating-minus_1 = −1
gas-rating-0 = 0
gas-rating-1 = +1
gas-rating-2 = +2
gas-review-title = Adolygu'r nod: { $goal }
gas-summary-baseline = Sgôr T Graddio Cyrhaeddiad Nodau ar y dechrau: { $score } (mae 50 yn golygu bod nodau wedi'u cyrraedd yn ôl y disgwyl).
gas-summary-followup = Sgôr T Graddio Cyrhaeddiad Nodau, dechrau → adolygiad: { $scores } (mae 50 yn golygu bod nodau wedi'u cyrraedd yn ôl y disgwyl).
intervention-title = Cofnodi ymyriad
intervention-code = Ymyriad
intervention-minutes = Amser a dreuliwyd, mewn munudau
intervention-note = Nodiadau (dewisol)
discharge-title = Rhyddhau
discharge-intro = Cofnodwch pam mae'r cyfnod yn dod i ben a beth a gyflawnodd. Yr atebion hyn y mae gwerthusiad y gwasanaeth yn eu cyfrif.
discharge-reason = Rheswm dros ryddhau
discharge-reason-other = Y rheswm
discharge-self-management = A gynigiwyd ymyriad hunanreoli?
discharge-gp-avoided = Faint o apwyntiadau meddyg teulu a osgowyd?
discharge-gp-avoided-hint = Apwyntiadau a fyddai wedi bod gyda'r meddyg teulu pe na bai'r OT wedi eu gweld, neu apwyntiadau dilynol nad oedd eu hangen mwyach.
discharge-ot-instead-of-gp = A wnaethoch chi gwblhau apwyntiad a fyddai fel arall wedi bod gyda'r meddyg teulu?
discharge-cmht = A osgowyd atgyfeiriad at y tîm iechyd meddwl cymunedol?
discharge-cmht-reason = Pam yr osgowyd yr atgyfeiriad?
discharge-medication = A osgowyd meddyginiaeth?
discharge-work-start = Eu sefyllfa waith ar y dechrau
discharge-work-end = Eu sefyllfa waith nawr
discharge-secondary = A gawsant eu hatgyfeirio at ofal eilaidd?
discharge-secondary-where = I ble y cawsant eu hatgyfeirio?
discharge-note = Nodiadau (dewisol)
summary-title = Crynodeb rhyddhau
summary-dates = Wedi'u gweld
summary-outcome = Canlyniad
summary-interventions = Beth a wnaethom
summary-measures = Sut y newidiodd pethau
summary-goals = Nodau
summary-onward = Wedi'u hatgyfeirio ymlaen
summary-none = Dim wedi'i gofnodi.
summary-print = Mae'r dudalen hon yn argraffu heb y dewislenni: un copi i'r meddyg teulu, un i'r unigolyn.
sar-by = Gan
password-first = Fe wnaethoch fewngofnodi gyda chyfrinair untro gan weinyddwr. Dewiswch eich cyfrinair eich hun cyn dechrau.
book-moving = Dewiswch yr amser newydd. Bydd yr hen un yn cael ei ryddhau pan fyddwch yn cadw.
appointment-move = Symud
person-merge = Dyma'r un unigolyn: uno'r cofnodion
person-merged = Wedi'i uno â'r cofnod hwn: { $who }. Ni symudwyd na dilëwyd dim.
person-unmerge = Dadwneud: maen nhw'n bobl wahanol
person-other-episodes = Cyfnodau eraill yr unigolyn hwn
person-change-caption = Newid manylion { $name }
person-save = Cadw'r newidiadau
person-conflict-title = Mae rhywun wedi newid y manylion hyn tra oeddech chi'n eu golygu
person-conflict-text = Ni chadwyd dim o'ch newidiadau chi, ac mae eich atebion isod o hyd. Dangosir yma beth a gadwon nhw; gwiriwch y ddau a chadw eto.
person-history-link = Fersiynau cynharach o'r manylion hyn
person-history-title = Newidiadau i fanylion { $name }
person-version-first = Fersiwn 1, o'r atgyfeiriad { $when }
person-version = Fersiwn { $version }: { $part } gan { $who }, { $when }
person-part-referral = o'r atgyfeiriad
person-part-contact = newidiwyd y manylion cyswllt
person-part-postcode = newidiwyd y cod post
person-part-language = newidiwyd yr iaith neu'r cyfieithydd
person-part-communication = newidiwyd yr help i gyfathrebu

# The directory of community resources (public pages)
dir-title = Dod o hyd i gymorth lleol
dir-lede = Grwpiau, gweithgareddau a chyngor yn eich ardal a all helpu gyda bywyd bob dydd. Does dim angen atgyfeiriad ar gyfer y rhan fwyaf ohonynt.
dir-need = Gyda beth hoffech chi gael help?
dir-need-any = Unrhyw beth
dir-language = Iaith a siaredir
dir-language-any = Unrhyw iaith
dir-language-cy = Cymraeg
dir-language-en = Saesneg
dir-only = Dangos dim ond lleoedd sydd
dir-open-now = ar agor nawr
dir-free = am ddim
dir-age = Eich oedran (dewisol)
dir-age-hint = Mae rhai lleoedd ar gyfer rhai oedrannau yn unig.
dir-error-age = Rhowch eich oedran fel rhif rhwng 0 a 120, fel 45
dir-search = Chwilio
dir-results = { $count ->
    [zero] Dim lleoedd wedi'u canfod
    [one] 1 lle wedi'i ganfod
    [two] 2 le wedi'u canfod
   *[other] { $count } o leoedd wedi'u canfod
}
dir-none = Doedd dim byd yn cyfateb. Rhowch gynnig ar ddewis llai o bethau.
dir-temporarily-closed = Ar gau dros dro
dir-where = Ble
dir-when = Pryd
dir-cost = Cost
dir-cost-free = Am ddim
dir-cost-paid = Mae cost: { $amount }
dir-cost-unknown = Gofynnwch am unrhyw gost
dir-how = Sut i fynd
dir-access-drop_in = Dewch draw: does dim angen atgyfeiriad
dir-access-referral = Mae angen atgyfeiriad: gofynnwch i'ch practis meddyg teulu neu'ch therapydd galwedigaethol
dir-access-both = Dewch draw, neu gofynnwch i'ch practis meddyg teulu neu'ch therapydd galwedigaethol eich atgyfeirio
dir-languages = Ieithoedd a siaredir
dir-accessibility = Mynediad
dir-phone = Ffôn
dir-website = Gwefan
dir-email = E-bost
dir-checked = Gwiriodd y gwasanaeth y manylion hyn ddiwethaf ar { $date }.
dir-not-checked = Nid yw'r gwasanaeth wedi gwirio'r manylion hyn eto: ffoniwch cyn mynd.
dir-hours = { $opens } i { $closes }
dir-and = { $first } a { $last }
dir-every-day = Bob dydd, { $hours }
dir-monthly = { $day } – { $nth } yn y mis
dir-monthday = diwrnod { $day } o'r mis
dir-ord-1 = y cyntaf
dir-ord-2 = yr ail
dir-ord-3 = y trydydd
dir-ord-4 = y pedwerydd
dir-ord-5 = y pumed
dir-ord--1 = yr olaf
dir-ord--2 = yr olaf ond un
dir-days-MO = Dyddiau Llun
dir-days-TU = Dyddiau Mawrth
dir-days-WE = Dyddiau Mercher
dir-days-TH = Dyddiau Iau
dir-days-FR = Dyddiau Gwener
dir-days-SA = Dyddiau Sadwrn
dir-days-SU = Dyddiau Sul
dir-day-MO = Dydd Llun
dir-day-TU = Dydd Mawrth
dir-day-WE = Dydd Mercher
dir-day-TH = Dydd Iau
dir-day-FR = Dydd Gwener
dir-day-SA = Dydd Sadwrn
dir-day-SU = Dydd Sul
page-start-directory = Tra byddwch yn aros, neu yn lle hynny: dewch o hyd i grwpiau, gweithgareddau a chyngor lleol.

# Signposting to community resources (staff)
signpost-title = Cyfeirio at adnodd cymunedol
signpost-none = Does dim byd yn y cyfeiriadur eto. Mewnforiwch un gyda roots directory import, yna dewch yn ôl.
signpost-resource = Pa adnodd?
signpost-why = Pam yr adnodd hwn?
signpost-how = Sut
signpost-how-information_given = Rhoi gwybodaeth (dim byd amdanynt wedi'i rannu)
signpost-how-warm_handover = Trosglwyddo'n gynnes (eu manylion wedi'u rhannu)
signpost-how-referral_sent = Atgyfeiriad wedi'i anfon (eu manylion wedi'u rhannu)
signpost-consent = A yw'r person wedi cytuno i'w fanylion gael eu rhannu?
signpost-weeks = Dilyn i fyny ar ôl sawl wythnos?
signpost-weeks-hint = O 1 i 12. Gofynnir i chi bryd hynny a wnaethon nhw gyrraedd.
signpost-entry-title = Wedi'i gyfeirio at { $name }
signpost-due = Dilyn i fyny erbyn
signpost-outcome = A wnaethon nhw gyrraedd?
signpost-outcome-attended = Do, aethon nhw
signpost-outcome-did_not_attend = Naddo, aethon nhw ddim
signpost-outcome-not_known = Ddim yn hysbys
signpost-outcome-note = Beth ddaeth ohono? (dewisol)
signpost-followup-title = Dilyn i fyny: a wnaethon nhw gyrraedd { $name }?
signpost-followup-reason = Dilyniant wedi'i gofnodi
signpost-list-title = Dilyniannau cyfeirio sy'n ddyledus
signpost-list-lede = Pobl a gyfeiriwyd at adnodd cymunedol y mae eu dilyniant yn ddyledus, yr hwyraf yn gyntaf. Gofynnwch a wnaethon nhw gyrraedd a chofnodwch hynny ar eu cyfnod gofal.
entry-kind-signpost = Cyfeirio
staff-nav-signposting = Dilyniannau
error-signpost-resource = Dewiswch adnodd o'r cyfeiriadur
error-signpost-why = Rhowch pam yr adnodd hwn
error-signpost-how = Dewiswch sut y gwnaethoch eu cyfeirio
error-signpost-consent = Dewiswch a yw'r person wedi cytuno i'w fanylion gael eu rhannu
error-signpost-no-consent = Heb eu cytundeb, rhowch y wybodaeth iddynt yn lle hynny: mae trosglwyddo neu atgyfeirio'n rhannu eu manylion
error-signpost-weeks = Rhowch nifer o wythnosau o { $min } i { $max }
error-signpost-outcome = Dewiswch a wnaethon nhw gyrraedd

# The directory (staff)
resources-title = Adnoddau cymunedol
resources-lede = Y cyfeiriadur y mae pobl a staff yn chwilio ynddo. Daw'r hyn y mae pob lle'n ei ddweud amdano'i hun o ffrwd ei gyhoeddwr; cedwir nodiadau Roots ei hun (beth mae'n helpu gydag ef, sut i gael mynediad) yma.
resources-stale-title = Mae angen gwirio rhai lleoedd
resources-stale = { $count ->
    [zero] Does dim lle heb ei wirio yn ystod y { $days } diwrnod diwethaf.
    [one] Nid yw 1 lle wedi'i wirio yn ystod y { $days } diwrnod diwethaf. Gwiriwch ei fanylion gyda'r sefydliad a chadwch ei nodiadau.
   *[other] Nid yw { $count } o leoedd wedi'u gwirio yn ystod y { $days } diwrnod diwethaf. Gwiriwch eu manylion gyda'r sefydliadau a chadwch eu nodiadau.
}
resources-empty = Mae'r cyfeiriadur yn wag. Mewnforiwch un gyda roots directory import.
resources-col-name = Enw
resources-col-status = Statws
resources-col-checked = Gwiriwyd ddiwethaf
resources-needs-check = Angen ei wirio
resource-never-checked = Erioed
resource-status-active = Gweithredol
resource-status-inactive = Wedi'i ymddeol
resource-status-defunct = Wedi cau am byth
resource-status-temporarily_closed = Ar gau dros dro
resource-notes-title = Nodiadau Roots
resource-notes-lede = Mae cadw'r rhain hefyd yn cofnodi eich bod wedi gwirio manylion y lle hwn heddiw.
resource-needs = Gyda beth mae'n helpu?
resource-access-note = Unrhyw beth arall am gyrraedd neu fynd i mewn (dewisol)
resource-save-checked = Cadw a nodi ei fod wedi'i wirio
resource-retire-title = Ymddeol y lle hwn
resource-retire-lede = Ni fydd yn cael ei gynnig i bobl na staff mwyach. Cedwir ei hanes.
resource-retire = Ymddeol
staff-nav-directory = Cyfeiriadur
resources-report-title = Adroddiad y cyfeiriadur
resources-report-lede = I ble y cyfeiriwyd pobl ac a wnaethon nhw gyrraedd, o'r cyfeirio a gofnodwyd ar gyfnodau gofal. Cyfrif cyfeiriadau yw'r rhifau, nid pobl.
resources-report-empty = Nid oes neb wedi'i gyfeirio eto.
resources-report-by-resource = Cyfeirio fesul adnodd a chanlyniad
resources-col-signposted = Wedi'u cyfeirio
resources-col-awaiting = Yn aros am ddilyniant
resources-never-used = Heb eu defnyddio erioed
resources-never-used-none = Mae pob lle gweithredol wedi'i ddefnyddio.
resources-report-link = Adroddiad: cyfeirio fesul adnodd, lleoedd heb eu defnyddio

## Ychwanegu lle, neu newid yr hyn y mae'n ei gyhoeddi (staff)
resources-add = Ychwanegu lle
resource-edit = Newid y manylion a gyhoeddwyd
dir-edit-new-title = Ychwanegu lle
dir-edit-title = Newid { $name }
dir-edit-lede = Dyma'r hyn y mae pobl yn ei weld ar Dod o hyd i gymorth lleol a'r hyn y mae Roots yn ei gyhoeddi i gyfeiriaduron eraill. Mae cadw hefyd yn cofnodi eich bod wedi'i wirio heddiw.
dir-edit-conflict-title = Mae rhywun arall wedi cadw'r lle hwn tra oeddech chi'n ei newid
dir-edit-conflict = Nid yw eich newidiadau wedi'u cadw. Maen nhw'n dal yn y ffurflen isod: gwiriwch nhw yn erbyn yr hyn sydd wedi'i gadw nawr, yna cadwch eto.
dir-edit-about = Am y lle
dir-edit-contact = Sut i gysylltu
dir-edit-place = Ble mae e
dir-edit-who = Ar gyfer pwy mae e
dir-edit-name = Enw
dir-edit-organisation = Y sefydliad sy'n ei redeg
dir-edit-description = Beth mae'n ei gynnig
dir-edit-description-hint = Mewn geiriau clir, fel y byddai'r person yn ei ddarllen.
dir-edit-status = Ydy e'n rhedeg?
dir-edit-phone = Rhif ffôn (dewisol)
dir-edit-email = Cyfeiriad e-bost (dewisol)
dir-edit-url = Gwefan (dewisol)
dir-edit-url-hint = Y cyfeiriad llawn, yn dechrau https://
dir-edit-location_name = Enw'r adeilad neu'r lleoliad (dewisol)
dir-edit-address = Llinell cyfeiriad
dir-edit-town = Tref neu ddinas
dir-edit-postcode = Cod post
dir-edit-areas = Yr ardaloedd y mae'n eu gwasanaethu (dewisol)
dir-edit-areas-hint = Rhowch atalnod rhyngddyn nhw, er enghraifft Gwynedd, Ynys Môn.
dir-edit-languages = Yr ieithoedd y mae'n gweithio ynddyn nhw (dewisol)
dir-edit-languages-hint = Rhowch atalnod rhyngddyn nhw, er enghraifft Cymraeg, Saesneg.
dir-edit-minimum_age = Yr oedran ieuengaf y mae'n ei dderbyn (dewisol)
dir-edit-maximum_age = Yr oedran hynaf y mae'n ei dderbyn (dewisol)
dir-edit-cost = Oes cost?
dir-edit-cost-unsaid = Ddim yn gwybod
dir-edit-cost-free = Am ddim
dir-edit-cost-paid = Mae'n costio arian
dir-edit-amount = Y gost mewn punnoedd, os yw'n costio arian
dir-edit-amount-hint = Er enghraifft 2.50
dir-edit-cost_note = Am beth mae'r gost (dewisol)
dir-edit-cost-kept = Mae ei gyhoeddwr yn rhestru mwy nag un gost. Maen nhw'n cael eu cadw fel y'u cyhoeddwyd.
dir-edit-hours = Amseroedd agor
dir-edit-hours-hint = Defnyddiwch y cloc 24 awr, er enghraifft 09:30 a 16:00. Gadewch ddiwrnod yn wag pan fydd ar gau.
dir-edit-hours-kept = Mae ei gyhoeddwr yn rhoi amseroedd agor na all y ffurflen hon eu dangos (er enghraifft rhai misol). Maen nhw'n cael eu cadw fel y'u cyhoeddwyd:
dir-edit-opens = Yn agor
dir-edit-closes = Yn cau
dir-edit-save = Cadw a nodi ei fod wedi'i wirio
dir-edit-error-name-missing = Rhowch enw'r lle
dir-edit-error-organisation-missing = Rhowch y sefydliad sy'n ei redeg
dir-edit-error-too-long = Rhaid i hwn fod yn 200 nod neu lai
dir-edit-error-description-too-long = Rhaid i'r hyn y mae'n ei gynnig fod yn 2,000 nod neu lai
dir-edit-error-status-unknown = Dewiswch a yw'n rhedeg
dir-edit-error-url = Rhowch gyfeiriad llawn y wefan, yn dechrau https://, fel https://example.org
dir-edit-error-email = Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@example.org
dir-edit-error-phone = Rhowch rif ffôn yn y DU, fel 01248 123456 neu +44 1248 123456
dir-edit-error-address-missing = Rhowch y llinell cyfeiriad, neu gadewch bob rhan o'r cyfeiriad yn wag
dir-edit-error-town-missing = Rhowch y dref neu'r ddinas, neu gadewch bob rhan o'r cyfeiriad yn wag
dir-edit-error-postcode-missing = Rhowch y cod post, neu gadewch bob rhan o'r cyfeiriad yn wag
dir-edit-error-postcode = Rhowch god post yn y fformat cywir, fel LL57 2PW
dir-edit-error-age = Rhowch oedran mewn blynyddoedd cyfan o 0 i 120
dir-edit-error-ages-order = Rhaid i'r oedran hynaf fod yr un fath â'r oedran ieuengaf neu'n uwch
dir-edit-error-cost-missing = Dewiswch a oes cost
dir-edit-error-amount-missing = Rhowch y gost, mewn punnoedd
dir-edit-error-amount = Rhowch y gost mewn punnoedd a cheiniogau, fel 2.50
dir-edit-error-time = Rhowch amser ar y cloc 24 awr, fel 09:30
dir-edit-error-time-half = Rhowch yr amser agor a'r amser cau, neu gadewch y ddau yn wag
dir-edit-error-time-order = Rhaid i'r amser cau fod ar ôl yr amser agor

## Cyfeirio o'r brysbennu
triage-signposting = Cyfeirio
signpost-record-followup = Cofnodi a aethon nhw yno

## Dod o hyd i gymorth lleol: yn agos at god post
dir-near = Yn agos at ba god post? (dewisol)
dir-near-hint = Eich cod post, neu un y gallwch chi gyrraedd ato, er enghraifft LL57 2PW
dir-within = Pa mor bell allwch chi deithio?
dir-within-miles = { $miles ->
    [one] O fewn { $miles } filltir
   *[other] O fewn { $miles } milltir
}
dir-error-near = Rhowch god post yn y fformat cywir, fel LL57 2PW
dir-miles-away = { $miles } milltir i ffwrdd
dir-no-place = Dros y ffôn neu ar-lein: dim angen teithio
dir-near-by-area = Ni allwn gyfrifo pellteroedd o { $postcode }, felly dyma'r lleoedd sydd â chod post yn { $area }, a'r rhai rydych chi'n eu cyrraedd dros y ffôn neu ar-lein.
resource-pathways = Pa lwybrau brysbennu y mae'n rhan ohonyn nhw?
signpost-suggested = awgrymir ar eu cyfer
dir-practice = Neu yn agos at ba feddygfa? (dewisol)
dir-practice-none = Nid yn ôl meddygfa
dir-open-on = Ar agor ar ba ddiwrnod?
dir-open-on-any = Unrhyw ddiwrnod

## Gwaith ac iechyd: yr asesiad gwaith
entry-kind-work_assessment = Asesiad gwaith
entry-add-work_assessment = Cofnodi asesiad gwaith
entry-work_assessment-status = Ble maen nhw arni gyda gwaith nawr?
entry-work_assessment-job_title = Teitl swydd (dewisol)
entry-work_assessment-demands_physical = Gofynion corfforol y swydd (dewisol)
entry-work_assessment-demands_physical-hint = Er enghraifft sefyll, codi, gyrru, gwaith bysellfwrdd.
entry-work_assessment-demands_cognitive = Gofynion meddwl (dewisol)
entry-work_assessment-demands_cognitive-hint = Er enghraifft canolbwyntio, cof, penderfyniadau, terfynau amser.
entry-work_assessment-demands_social = Gofynion delio â phobl (dewisol)
entry-work_assessment-hours = Oriau a phatrwm (dewisol)
entry-work_assessment-hours-hint = Er enghraifft 37.5 awr, sifftiau dydd, dydd Llun i ddydd Gwener.
entry-work_assessment-contact_consent = Ydyn nhw wedi cytuno i'w cyflogwr neu iechyd galwedigaethol gael eu cysylltu?
entry-work_assessment-employer = Cyflogwr a chyswllt (dewisol)
entry-work_assessment-employer-hint = Dim ond gyda'u cytundeb.
entry-work_assessment-occupational_health = Cyswllt iechyd galwedigaethol (dewisol)
entry-work_assessment-occupational_health-hint = Dim ond gyda'u cytundeb.
entry-work_assessment-barriers = Beth sy'n rhwystro gwaith
entry-work_assessment-capacity = Beth allan nhw ei wneud nawr (gallu gweithredol)
entry-work_assessment-wants = Beth maen nhw eisiau o waith
opt-status-in_work = Mewn gwaith
opt-status-off_sick = I ffwrdd yn sâl
opt-status-phased_return = Ar ddychweliad graddol
opt-status-unemployed_looking = Yn ddi-waith ac yn chwilio am waith
opt-status-volunteering = Gwirfoddoli
opt-status-in_education = Mewn addysg neu hyfforddiant
opt-status-not_seeking = Ddim yn chwilio am waith
opt-contact_consent-yes = Ydyn
opt-contact_consent-no = Nac ydyn
error-work-contact-without-consent = Nid ydyn nhw wedi cytuno i'r cyswllt hwn: tynnwch ef, neu cofnodwch eu cytundeb

## Gwaith ac iechyd: cyngor Adroddiad Iechyd a Gwaith AHP neu nodyn ffitrwydd
entry-kind-work_advice = Cyngor gwaith
work-ahp_report-title = Adroddiad Iechyd a Gwaith AHP
work-fit_note-title = Nodyn ffitrwydd (Datganiad Ffitrwydd i Weithio)
work-ahp_report-add = Ysgrifennu Adroddiad Iechyd a Gwaith AHP
work-fit_note-add = Cofnodi nodyn ffitrwydd
work-assessed-on = Dyddiad yr asesiad
work-fitness = Rwy'n cynghori
work-fitness-not_fit = nad ydych yn ffit i weithio
work-fitness-may_be_fit-ahp_report = efallai eich bod yn ffit i weithio o ystyried y cyngor isod
work-fitness-may_be_fit-fit_note = efallai eich bod yn ffit i weithio o ystyried y cyngor canlynol
work-adjustments = Gyda chytundeb eich cyflogwr, efallai y byddech yn elwa o
work-adjustment-phased_return = dychwelyd i'r gwaith yn raddol
work-adjustment-altered_hours = oriau wedi'u newid
work-adjustment-amended_duties = dyletswyddau wedi'u diwygio
work-adjustment-workplace_assessment = asesiad o'r gweithle
work-adjustment-workplace_adaptations = addasiadau i'r gweithle
work-comments = Sylwadau ar effeithiau gweithredol y cyflwr (dewisol)
work-comments-hint = Beth all y person ei wneud a beth na all ei wneud, mewn geiriau clir y bydd eu cyflogwr yn eu deall.
work-from = Mae'r cyngor yn berthnasol o
work-to = Hyd at
work-over-six-months = A yw'r cyflwr wedi para mwy na 6 mis?
work-review-ahp_report = A oes angen adolygiad dilynol?
work-review-fit_note = A fydd angen asesu'r person eto?
work-review-on = Pryd mae'r adolygiad? (os oes angen un)
work-difficulties = Anawsterau sy'n berthnasol i waith, ac argymhelliad neu nod ar gyfer pob un
work-difficulties-hint = Fel y mae'r person yn eu disgrifio. Gadewch resi nad oes eu hangen arnoch yn wag.
work-difficulty-n = Anhawster { $n }
work-recommendation-n = Argymhelliad neu nod { $n }
work-certifier = Wedi'i gwblhau gan
work-certifier-name = Enw
work-certifier-profession = Proffesiwn
work-certifier-hcpc = Rhif cofrestru HCPC
work-certifier-organisation = Sefydliad (dewisol)
work-certifier-contact = Manylion cyswllt (dewisol)
work-profession-occupational_therapist = Therapydd galwedigaethol
work-profession-physiotherapist = Ffisiotherapydd
work-profession-podiatrist = Podiatrydd
work-profession-other = Proffesiwn cofrestredig arall
work-save = Cadw'r cyngor
work-period = Cyfnod
work-period-text = { $from } i { $to }
work-certified-by = Wedi'i gwblhau gan
error-work-fitness = Dewiswch a yw'r person ddim yn ffit i weithio neu efallai'n ffit i weithio
error-work-adjustment-unknown = Dewiswch y cyngor y mae'r ddogfen hon yn ei gynnig yn unig
error-work-may-be-fit-no-advice = Rydych wedi dweud efallai eu bod yn ffit i weithio: dewiswch o leiaf un darn o gyngor, neu ysgrifennwch sylw ar beth fyddai'n helpu
error-work-not-fit-with-advice = Rydych wedi dweud nad ydyn nhw'n ffit i weithio: dad-diciwch y cyngor, neu dewiswch efallai eu bod yn ffit i weithio
error-work-date-missing = Rhowch ddyddiad
error-work-end-before-start = Rhaid i'r dyddiad gorffen fod yr un fath â'r dyddiad dechrau neu ar ei ôl
error-work-period-too-long = Yn 6 mis cyntaf cyflwr gall y cyngor gwmpasu { $months } mis ar y mwyaf: rhowch ddyddiad gorffen cynharach
error-work-over-six-months = Dewiswch a yw'r cyflwr wedi para mwy na 6 mis
error-work-review = Dewiswch a oes angen adolygiad
error-work-review-before-start = Rhaid i'r adolygiad fod ar y dyddiad dechrau neu ar ei ôl
error-work-assessed-future = Rhaid i ddyddiad yr asesiad fod heddiw neu yn y gorffennol
error-work-recommendation-alone = Rhowch yr anhawster y mae pob argymhelliad ar ei gyfer
error-work-difficulties-max = Rhowch { $max } anhawster ar y mwyaf
error-work-certifier-name = Rhowch enw'r person sy'n ei gwblhau
error-work-profession = Dewiswch broffesiwn y person sy'n ei gwblhau
error-work-hcpc-missing = Rhowch y rhif cofrestru HCPC
error-work-hcpc-shape = Rhowch rif cofrestru HCPC: llythrennau'r proffesiwn ac yna hyd at 6 rhif, fel OT123456
error-work-hcpc-profession = Rhaid i'r rhif cofrestru HCPC ddechrau gyda llythrennau'r proffesiwn a ddewiswyd, fel OT ar gyfer therapydd galwedigaethol

## Gwaith ac iechyd: dogfennau a roddwyd
doc-about = Am y person
doc-item = Eitem
doc-details = Manylion
doc-name = Enw
doc-advice = Cyngor
doc-comments = Sylwadau ar effeithiau gweithredol y cyflwr
doc-period = Mae'r cyngor hwn yn berthnasol o { $from } i { $to }.
doc-review-on = Mae angen adolygiad dilynol ar { $date }.
doc-review-ahp_report = Mae angen adolygiad dilynol.
doc-no-review-ahp_report = Nid oes angen adolygiad dilynol.
doc-review-fit_note = Bydd angen i mi asesu eich ffitrwydd i weithio eto ar ddiwedd y cyfnod hwn.
doc-no-review-fit_note = Ni fydd angen i mi asesu eich ffitrwydd i weithio eto ar ddiwedd y cyfnod hwn.
doc-adjustment = Cyngor
doc-advised = Wedi'i gynghori
doc-difficulty = Anhawster
doc-recommendation = Argymhelliad neu nod
doc-note-ahp_report = Mae'r adroddiad hwn yn rhoi cyngor am ffitrwydd y person i weithio. Gyda chytundeb y cyflogwr gellir ei ddefnyddio fel tystiolaeth o ffitrwydd i weithio, fel nodyn ffitrwydd. Wedi'i osod gan Roots o adrannau Adroddiad Iechyd a Gwaith AHP.
doc-note-fit_note = Cofnod o'r datganiad ffitrwydd i weithio yw hwn, wedi'i osod gan Roots o adrannau'r nodyn ffitrwydd. Nid dyma'r ffurflen swyddogol.
doc-footer = { $title }, tudalen {"{"}page{"}"} o {"{"}pages{"}"}
doc-issue-en = Rhoi yn Saesneg
doc-issue-cy = Rhoi yn Gymraeg
doc-issued-list = Dogfennau a roddwyd
doc-issued-item = { $title }: fersiwn { $version }, { $lang }, { $when }
doc-issued = Wedi'i roi gan { $who }, { $when }.
doc-download = Lawrlwytho'r PDF
work-status-title = Cofnodi newid yn y statws gwaith
work-status-entry = Statws gwaith
work-status-since = Ers
work-status-save = Cadw'r statws gwaith
work-outcome = Canlyniad gwaith
work-outcome-returned_to_work = yn ôl yn y gwaith ers { $date }, ar ôl amser i ffwrdd yn sâl
work-outcome-into_work = mewn gwaith ers { $date }, ar ôl bod yn ddi-waith
work-outcome-into_volunteering = yn gwirfoddoli ers { $date }, ar ôl bod yn ddi-waith
work-outcome-kept_in_work = wedi aros mewn gwaith ers { $date }, heb fod i ffwrdd yn sâl
error-work-status = Dewiswch ble maen nhw arni gyda gwaith
error-work-since-future = Rhaid i'r dyddiad fod heddiw neu yn y gorffennol

## Gwaith ac iechyd: y llythyr at y cyflogwr
letter-title = Llythyr at y cyflogwr: cyngor ar ffitrwydd i weithio
letter-to = At { $employer }
letter-about = Fe wnes i asesu { $name } (dyddiad geni { $dob }) ar { $date }. Gyda'u cytundeb, rwy'n ysgrifennu i nodi fy nghyngor ar eu ffitrwydd i weithio.
letter-advice = Fy nghyngor yw { $advice }.
letter-recommend = Gyda'ch cytundeb, gall y newidiadau hyn eu helpu yn y gwaith
letter-adjustment-phased_return = Dychwelyd i'r gwaith yn raddol: cynyddu oriau neu ddyletswyddau dros ychydig wythnosau.
letter-adjustment-altered_hours = Oriau wedi'u newid: er enghraifft dechrau'n hwyrach, diwrnodau byrrach neu lai o ddiwrnodau.
letter-adjustment-amended_duties = Dyletswyddau wedi'u diwygio: er enghraifft osgoi tasgau sy'n anodd iddyn nhw am y tro.
letter-adjustment-workplace_assessment = Asesiad o'r gweithle: golwg ar eu man gwaith a'u tasgau.
letter-adjustment-workplace_adaptations = Addasiadau i'r gweithle: er enghraifft offer, sedd neu le tawelach.
letter-agreement = Argymhellion yw'r rhain. Cytunwch ar unrhyw newidiadau gyda nhw, a chysylltwch â mi os oes gennych gwestiynau.
letter-from = { $name }, { $profession }, cofrestriad HCPC { $hcpc }
letter-issue-en = Llythyr at y cyflogwr yn Saesneg
letter-issue-cy = Llythyr at y cyflogwr yn Gymraeg
letter-no-consent-title = Ni ellir rhoi'r llythyr at y cyflogwr
letter-no-consent = Nid ydyn nhw wedi cytuno i'w cyflogwr gael ei gysylltu, neu nid oes cyflogwr wedi'i gofnodi. Cofnodwch eu cytundeb a'u cyflogwr mewn asesiad gwaith yn gyntaf.
letter-fitness-not_fit = nad ydyn nhw'n ffit i weithio am y tro
letter-fitness-may_be_fit = efallai eu bod yn ffit i weithio, o ystyried y cyngor isod
summary-issue-en = Rhoi fel PDF yn Saesneg
summary-issue-cy = Rhoi fel PDF yn Gymraeg
work-condition = Oherwydd y cyflwr neu'r cyflyrau canlynol
error-work-condition = Rhowch y cyflwr y mae'r nodyn ffitrwydd o'i herwydd
doc-condition = Fe wnes i asesu eich achos ar { $date } oherwydd: { $condition }.
error-work-fit-note-profession = Dim ond therapyddion galwedigaethol a ffisiotherapyddion cofrestredig all ardystio nodiadau ffitrwydd yma: dewiswch un, neu gofynnwch i gydweithiwr sy'n gallu
dir-distance-unknown = Pellter ddim yn hysbys: yn yr un ardal cod post

## Gwerthuso'r gwasanaeth (issue 8)
staff-nav-evaluation = Gwerthuso
eval-title = Gwerthuso'r gwasanaeth
eval-report-title = Therapi galwedigaethol mewn gofal sylfaenol: gwerthuso'r gwasanaeth
eval-lede = Ffigurau ar gyfer yr atgyfeiriadau a ddaeth i law mewn cyfnod, wedi'u cyfrif o'r cofnodion, gyda'r hyn a ddigwyddodd iddynt ers hynny. Mae pob un yn dangos o beth y'i cyfrifwyd. Mae'r llinellau sylfaen wedi'u gosod i'w cymharu, nid wedi'u mesur gan Roots.
eval-from = O
eval-to = I
eval-date-hint = Fel blwyddyn-mis-diwrnod, er enghraifft 2020-06-01
eval-practice = Meddygfa
eval-practice-all = Pob meddygfa
eval-show = Dangos y gwerthusiad
eval-error-date = Rhowch ddyddiad fel blwyddyn-mis-diwrnod, er enghraifft 2020-06-01
eval-error-order = Rhaid i ddiwedd y cyfnod fod yr un fath â'i ddechrau neu ar ei ôl
eval-error-practice = Dewiswch feddygfa o'r rhestr
eval-period = Atgyfeiriadau a ddaeth i law o { $from } i { $to }.
eval-threshold = Nid yw cyfrifon o 1 i { $max } yn cael eu dangos, na'r un ffigur y gellid eu cyfrifo ohono, fel na ellir adnabod neb.
eval-download-csv = Lawrlwytho'r ffigurau (CSV)
eval-download-pdf = Lawrlwytho'r adroddiad i gomisiynwyr (PDF)
eval-suppressed = heb ei ddangos (nifer bach)
eval-no-value = dim eto
eval-days = { $n } diwrnod
eval-hours = { $n } awr
eval-parts = { $n } o { $d }
eval-parts-of = o { $d }
eval-parts-n = o { $n }
eval-baseline = { $value } (wedi'i osod: { $source })
eval-col-figure = Ffigur
eval-col-value = Gwerth
eval-col-parts = Wedi'i gyfrif o
eval-col-baseline = Llinell sylfaen i gymharu
eval-col-group = Grŵp
eval-section-activity = Gweithgarwch
eval-section-referrals = Atgyfeiriadau
eval-section-waits = Amseroedd aros
eval-section-outcomes = Canlyniadau wrth ryddhau
eval-section-measures = Mesurau canlyniad: y newid cymedrig o'r sgôr gyntaf i'r olaf
eval-section-work = Canlyniadau gwaith
eval-section-return = Elw ar fuddsoddiad
eval-section-equity = Pwy mae'r gwasanaeth yn eu cyrraedd
eval-referrals = Atgyfeiriadau a ddaeth i law
eval-people_seen = Pobl a welwyd (o leiaf un cyswllt wedi'i fynychu)
eval-contacts = Cysylltiadau a fynychwyd
eval-ot_days = Diwrnodau clinig therapi galwedigaethol
eval-ot_hours = Oriau clinig therapi galwedigaethol
eval-people_per_ot_day = Pobl a welwyd ym mhob diwrnod clinig
eval-by_source = Wedi'u hatgyfeirio gan: { $group }
eval-by_pathway = Wedi'u brysbennu i: { $group }
eval-per_week = Wythnos yn dechrau { $group }
eval-wait_to_triage_median = O atgyfeirio i frysbennu: canolrif
eval-wait_to_triage_p90 = O atgyfeirio i frysbennu: 90fed canradd
eval-wait_to_contact_median = O atgyfeirio i'r cyswllt cyntaf: canolrif
eval-wait_to_contact_p90 = O atgyfeirio i'r cyswllt cyntaf: 90fed canradd
eval-discharged = Atgyfeiriadau a ryddhawyd
eval-self_management = Wedi cael cynnig hunanreoli
eval-gp_avoided = Osgoi apwyntiadau meddyg teulu
eval-gp_appointments_avoided = Nifer yr apwyntiadau meddyg teulu a osgowyd
eval-cmht_avoided = Osgoi atgyfeirio i'r tîm iechyd meddwl cymunedol
eval-referred_on = Wedi'u hatgyfeirio ymlaen i ofal eilaidd
eval-did_not_attend = Apwyntiadau heb eu mynychu
eval-mean_change = { $group }
eval-work_outcome = { $group }
eval-cost = Cost y gwasanaeth therapi galwedigaethol
eval-avoided = Costau a osgowyd
eval-net_per_person = Arbediad net am bob person a welwyd
eval-roi_ratio = Elw am bob £1 a wariwyd
eval-share_of_referrals = Cyfran o'r atgyfeiriadau: { $group }
eval-seen = Wedi'u gweld: { $group }
eval-not_stated = Heb ei nodi neu ddim yn hysbys
eval-share_of_referrals-col = Cyfran o'r atgyfeiriadau
eval-seen-col = Wedi'u gweld
eval-self_management-col = Wedi cael cynnig hunanreoli
eval-source-self = y person ei hun
eval-source-gp = meddyg teulu
eval-source-practice_staff = staff y feddygfa
eval-source-other = rhywun arall
eval-measure-phq9 = PHQ-9 (is yn well)
eval-measure-gad7 = GAD-7 (is yn well)
eval-measure-gas = Sgôr T Graddio Cyrraedd Nodau (uwch yn well)
eval-work-returned_to_work = Yn ôl yn y gwaith ar ôl amser i ffwrdd yn sâl
eval-work-kept_in_work = Wedi aros mewn gwaith
eval-work-into_work = I mewn i waith o ddiweithdra
eval-work-into_volunteering = I wirfoddoli o ddiweithdra
eval-end-low = Isel
eval-end-central = Canolog
eval-end-high = Uchel
eval-dim-deprivation = Cwintel amddifadedd lle maen nhw'n byw
eval-dim-age = Oed
eval-dim-sex = Rhyw
eval-dim-ethnic_group = Grŵp ethnig
eval-dim-homeless = Digartref neu mewn tai dros dro
eval-dim-refugee_asylum = Ffoadur neu'n ceisio lloches
eval-dim-gypsy_roma_traveller = Sipsi, Roma neu Deithiwr
eval-dim-armed_forces = Cymuned y lluoedd arfog
eval-dim-unpaid_carer = Gofalwr di-dâl
eval-quintile-1 = 1 (y pumed mwyaf difreintiedig)
eval-quintile-2 = 2
eval-quintile-3 = 3
eval-quintile-4 = 4
eval-quintile-5 = 5 (y pumed lleiaf difreintiedig)
eval-age-under_18 = O dan 18
eval-age-18_24 = 18 i 24
eval-age-25_34 = 25 i 34
eval-age-35_44 = 35 i 44
eval-age-45_54 = 45 i 54
eval-age-55_64 = 55 i 64
eval-age-65_74 = 65 i 74
eval-age-75_plus = 75 a throsodd
eval-sex-female = Benyw
eval-sex-male = Gwryw
eval-sex-other = Mewn ffordd arall
eval-ethnic-white = Gwyn
eval-ethnic-mixed = Cymysg neu aml-ethnig
eval-ethnic-asian = Asiaidd neu Asiaidd Prydeinig
eval-ethnic-black = Du neu Ddu Prydeinig
eval-ethnic-other = Tsieineaidd neu grŵp arall
eval-yesno-yes = Ydy
eval-yesno-no = Nac ydy
eval-equity-lede = Daw amddifadedd o'r cyfeiriadur codau post a fewnforiwyd gyda `roots postcodes import`; lle nad oes ganddo safle ar gyfer cod post rhywun, nid yw'n hysbys. Pumedau o fynegai gwlad y person ei hun yw'r cwintelau.
eval-charts-title = Siartiau
eval-chart-weeks = Atgyfeiriadau a ddaeth i law bob wythnos
eval-chart-waits = Amseroedd aros mewn diwrnodau
eval-chart-change = Gwelliant cymedrig mewn pwyntiau (gostyngiad yn PHQ-9 a GAD-7, codiad yn sgôr T GAS)
eval-chart-deprivation = Cyfran o'r atgyfeiriadau fesul cwintel amddifadedd (%)
eval-formulas-title = Sut y'i cyfrifir
eval-formula-cost = Cost: { $hours } awr clinig therapi galwedigaethol × £{ $rate } yr awr = £{ $cost }.
eval-formula-gp = Apwyntiadau meddyg teulu a osgowyd: { $n } × (£{ $hour } yr awr × { $minutes } munud ÷ 60 = £{ $each }) = £{ $total }.
eval-formula-cmht = Atgyfeiriadau i'r tîm iechyd meddwl cymunedol a osgowyd: { $n } × £{ $each } = £{ $total }.
eval-formula-work = Pobl i mewn i waith o ddiweithdra: { $n } × £{ $each } y flwyddyn = £{ $total }.
eval-formula-net = Arbediad net am bob person a welwyd: (costau a osgowyd − cost) ÷ pobl a welwyd.
eval-formula-ratio = Elw am bob £1: costau a osgowyd ÷ cost.
eval-formula-range = Mae isel yn cymryd pen isaf pob gwerth a osgowyd a phen uchaf cost y therapydd; uchel i'r gwrthwyneb; canolog y gwerthoedd eu hunain.
eval-costs-title = Costau a gwerthoedd uned a ddefnyddiwyd
eval-cost-gp_hour = Cyswllt claf meddyg teulu, yr awr
eval-cost-gp_consultation_minutes = Ymgynghoriad meddyg teulu, mewn munudau
eval-cost-ot_hour = Therapydd galwedigaethol uwch, yr awr
eval-cost-cmht_referral = Atgyfeiriad i dîm iechyd meddwl cymunedol
eval-cost-unemployment_to_work = Arbediad blwyddyn am bob person sy'n symud o ddiweithdra i waith
eval-cost-range = { " " }(ystod { $low } i { $high })
eval-to-confirm = I'w gadarnhau: heb ei gadarnhau eto ar gyfer y gwasanaeth hwn.
eval-price-year = prisiau { $year }
eval-formula-hidden = Nid yw'r costau a osgowyd yn cael eu dangos: mae cyfrif y'u cyfrifir ohono yn rhy fach i'w ddangos.
eval-formula-avoided = Costau a osgowyd: apwyntiadau meddyg teulu a osgowyd × (cost meddyg teulu yr awr × munudau ymgynghoriad ÷ 60) + atgyfeiriadau i'r tîm iechyd meddwl cymunedol a osgowyd × eu cost + pobl i mewn i waith o ddiweithdra × gwerth blwyddyn mewn gwaith.
eval-formula-bases = Mae'r gost yn cyfrif sesiynau clinig therapi galwedigaethol yn y cyfnod; mae'r costau a osgowyd yn cyfrif beth ddigwyddodd i'r atgyfeiriadau a ddaeth i law ynddo, hyd heddiw.

## Issue 19: limits on dates, numbers and settings
error-date-out-of-range = Rhaid i'r dyddiad fod rhwng 1850 a 2199
error-iso-date-out-of-range = Rhowch ddyddiad rhwng 1850-01-01 a 2199-12-31
day-previous = Y diwrnod cynt
day-next = Y diwrnod nesaf
day-other = Dangos diwrnod arall
day-show = Dangos
api-bad-query = Mae problemau gyda'r llinyn ymholiad; gweler y gwallau.
api-query-number = Rhowch rif cyfan o { $min } i { $max }.

## Issue 19: the second factor, key encryption, administrator step-up
two-factor-unavailable-title = Does dim modd gosod apiau dilysu eto
two-factor-unavailable-text = Nid yw Roots wedi'i osod eto i gadw allweddi dilysu'n ddiogel, felly ni allwch orffen mewngofnodi. Dywedwch wrth bwy bynnag sy'n rhedeg Roots i'ch gwasanaeth: mae angen ei ffeil allweddi dau ffactor.
step-up-title = Cadarnhewch mai chi sydd yma
step-up-lede = Rydych yn newid cyfrif aelod o staff. Rhowch eich cyfrinair, neu god o'ch ap dilysu, i gadarnhau mai chi sydd yma. Caiff eich newidiadau eu cadw a'u gwneud pan fyddwch yn parhau.
step-up-password = Eich cyfrinair
step-up-code = Neu god o'ch ap dilysu
step-up-code-hint = Y cod 6 digid y mae eich ap yn ei ddangos nawr.
step-up-button = Parhau
step-up-cancel = Canslo a mynd yn ôl i gyfrifon staff
step-up-missing = Rhowch eich cyfrinair neu god o'ch ap dilysu
step-up-code-wrong = Nid yw'r cod yn gywir. Rhowch y cod y mae eich ap yn ei ddangos nawr, neu eich cyfrinair

## Issue 19: the audit trail's check (viewer and subject access)
audit-trust-title = Methodd y trywydd archwilio ei wiriad
audit-trust-title-unchecked = Nid yw pob digwyddiad wedi cael ei wirio eto
audit-trust-not-yet = Nid yw digwyddiadau o rif { $next } ymlaen wedi cael eu gwirio eto, felly nid ydynt yn cael eu dangos: mae'r gweinydd yn eu gwirio yn y cefndir. Rhowch gynnig arall arni ymhen ychydig funudau.
audit-trust-verified = { $n ->
    [0] Does dim digwyddiad yn y trywydd wedi'i wirio eto.
   *[other] Mae'r trywydd wedi'i wirio hyd at ddigwyddiad { $n }.
}
audit-trust-broken = Mae'r trywydd yn methu ei wiriad yn nigwyddiad { $seq }: { $reason }. Does dim modd ymddiried yn y digwyddiadau o rif { $seq } ymlaen, ac nid ydynt yn cael eu dangos; mae digwyddiadau 1 i { $verified } yn cael eu dangos.
audit-trust-rewritten = Nid yw digwyddiad { $seq } yn cyfateb mwyach i'r gwiriad a wnaed am { $time }: efallai bod y trywydd wedi cael ei ailysgrifennu neu ei fyrhau ers hynny. Does dim modd dangos unrhyw ddigwyddiad fel un sydd wedi'i wirio.
audit-trust-outside = { $n ->
    [one] Nid yw 1 rhes sydd â rhif llai nag 1 yn ddigwyddiad yn y trywydd, ac nid yw'n cael ei dangos.
   *[other] Nid yw { $n } rhes sydd â rhif llai nag 1 yn ddigwyddiadau yn y trywydd, ac nid ydynt yn cael eu dangos.
}
audit-trust-set-aside = { $n ->
    [one] Cafodd 1 rhes na allai fod yn ddigwyddiad yn y trywydd ei rhoi o'r neilltu pan uwchraddiwyd Roots, ac nid yw'n cael ei dangos.
   *[other] Cafodd { $n } rhes na allai fod yn ddigwyddiadau yn y trywydd eu rhoi o'r neilltu pan uwchraddiwyd Roots, ac nid ydynt yn cael eu dangos.
}
audit-trust-what-to-do = Dywedwch wrth bwy bynnag sy'n rhedeg Roots: dylen nhw redeg roots audit verify --checkpoints i weld beth newidiodd, a'i drin fel digwyddiad diogelwch.
audit-reason-outside = mae ei rif yn llai nag 1, felly ni all fod yn ddigwyddiad yn y trywydd
audit-reason-gap = mae digwyddiadau o'i flaen ar goll
audit-reason-previous = nid yw'n dilyn o'r digwyddiad o'i flaen
audit-reason-contents = cafodd ei gynnwys ei newid ar ôl iddo gael ei ysgrifennu

## Issue 19: one text rule at every entry (roots_core::text)

error-text-control = Tynnwch y nod rheoli yn nod rhif { $at } (er enghraifft nod nwl neu nod dianc): ni ellir ei gadw
error-text-line-break = Rhaid i hwn fod ar un llinell: tynnwch y toriad llinell yn nod rhif { $at }
error-text-invisible = Tynnwch y nod fformatio anweledig yn nod rhif { $at } (er enghraifft marc cyfeiriad, bwlch lled sero neu farc trefn beitiau)
error-text-unusable = Ni ellir defnyddio nod rhif { $at }: dilëwch ef a'i deipio eto
error-text-no-letter = Rhaid i enw gynnwys o leiaf un llythyren
page-unreadable-title = Mae problem
page-unreadable-text = Nid oedd modd darllen rhywfaint o'r hyn a anfonwyd fel testun, felly ni chadwyd dim o'r dudalen honno. Ewch yn ôl, gwiriwch yr hyn a deipiwyd gennych a'i anfon eto. Mae unrhyw beth a gadwyd gennych o'r blaen yn dal yno.
page-bad-address-title = Mae problem
page-bad-address-text = Mae nodau yn y cyfeiriad hwn na ellir eu defnyddio, er enghraifft nod nwl neu nod rheoli. Gwiriwch y cyfeiriad, neu ewch yn ôl a rhoi cynnig arall arni.
api-bad-request = Nid oes modd darllen y cais: gwiriwch y cyfeiriad a'r corff.
api-too-large = Mae'r cais yn rhy fawr.
api-method-not-allowed = Nid oes modd defnyddio'r dull hwnnw ar y cyfeiriad hwn.
api-media-type = Anfonwch y corff fel application/json.
api-internal = Aeth rhywbeth o'i le. Nid oes dim a gadarnhawyd wedi'i golli; rhowch gynnig arall arni.
