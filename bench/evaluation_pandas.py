"""The service evaluation's headline figures in pandas, for
`roots-bench evaluation`: what an analyst would otherwise write over a CSV
export of the same records. Reads referrals.csv, triage.csv,
appointments.csv, discharges.csv and measures.csv from the folder given,
computes the same figures as roots_core::evaluation (percentiles by
linear interpolation, pandas' default), and prints them with the time to
read the CSVs and the time to compute.

usage: evaluation_pandas.py FOLDER FROM TO
"""

import sys
import time

import pandas as pd


def main() -> None:
    folder, start, end = sys.argv[1], sys.argv[2], sys.argv[3]
    t0 = time.perf_counter()
    ref = pd.read_csv(f"{folder}/referrals.csv")
    tri = pd.read_csv(f"{folder}/triage.csv")
    app = pd.read_csv(f"{folder}/appointments.csv")
    dis = pd.read_csv(f"{folder}/discharges.csv")
    mea = pd.read_csv(f"{folder}/measures.csv")
    t1 = time.perf_counter()

    # The cohort: referrals received in the period (London days; the
    # generated year is all in it).
    ref["created"] = pd.to_datetime(ref["created_at"], utc=True)
    london = ref["created"].dt.tz_convert("Europe/London").dt.date
    lo, hi = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    ref = ref[(london >= lo) & (london <= hi)].set_index("id")

    tri["at"] = pd.to_datetime(tri["at"], utc=True)
    first_triage = tri.groupby("referral_id")["at"].min()
    wait_triage = (first_triage - ref["created"].reindex(first_triage.index)).dt.total_seconds() / 86400

    app["starts"] = pd.to_datetime(app["starts_at"], utc=True)
    attended = app[app["status"] == "attended"]
    contacts = attended.groupby("referral_id").size()
    dna = (app["status"] == "did_not_attend").sum()
    first_contact = attended.groupby("referral_id")["starts"].min()
    wait_contact = (first_contact - ref["created"].reindex(first_contact.index)).dt.total_seconds() / 86400
    seen = ref.loc[ref.index.isin(contacts.index), "person"].nunique()

    n_dis = len(dis)
    sm = (dis["self_management_offered"].astype(str).str.lower().isin(["1", "true"])).sum()
    gp = (dis["gp_appointments_avoided"].astype(int) > 0).sum()
    cmht = (dis["cmht_referral_avoided"].astype(str).str.lower().isin(["1", "true"])).sum()

    mea["at"] = pd.to_datetime(mea["at"], utc=True)
    phq = mea[mea["measure"] == "phq9"].sort_values(["referral_id", "at"])
    g = phq.groupby("referral_id")["total"]
    change = (g.last() - g.first())[g.size() > 1]

    t2 = time.perf_counter()
    print(
        "pandas figures: referrals {} seen {} contacts {} dna% {:.2f} triage median {:.3f} p90 {:.3f} "
        "contact median {:.3f} p90 {:.3f} self-management% {:.2f} gp% {:.2f} cmht% {:.2f} phq9 change {:.3f}".format(
            len(ref),
            seen,
            int(contacts.sum()),
            100 * dna / (contacts.sum() + dna),
            wait_triage.median(),
            wait_triage.quantile(0.9),
            wait_contact.median(),
            wait_contact.quantile(0.9),
            100 * sm / n_dis,
            100 * gp / n_dis,
            100 * cmht / n_dis,
            change.mean(),
        )
    )
    print(f"pandas read s: {t1 - t0:.3f}")
    print(f"pandas compute s: {t2 - t1:.3f}")
    print(f"pandas total s: {t2 - t0:.3f}")


if __name__ == "__main__":
    main()
