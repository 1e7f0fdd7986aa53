//! The customer insights of the demo backlog: what field-service companies
//! told the team about the roadmap's bets, from support tickets, calls and
//! interviews over the past six months; most are linked to the items they
//! argue for, six still wait in the inbox (two of them for over 90 days),
//! and one Now epic has no customer behind it.
//!
//! Dates are counted back from the day the demo is loaded, so the demo
//! looks the same whenever it is run. Insights dated before the demo's
//! history begins come with the backlog; each later one is added on its
//! date, as `backlog insight add` records it.

use chrono::{DateTime, Duration, NaiveTime, Utc};

use super::insights::add_summary;
use crate::domain::insight::{InsightInfo, new_insight};
use crate::domain::{DomainError, Item, Key, Kind};
use crate::store::{Result, Tx};

/// One demo insight, oldest first in [`SEEDS`] (keys follow that order).
struct Seed {
    text: &'static str,
    customer: &'static str,
    segment: &'static str,
    source: &'static str,
    /// How many days before the demo is loaded the customer said it.
    days_ago: i64,
    /// The items it is evidence for.
    links: &'static [&'static str],
}

const SEEDS: &[Seed] = &[
    Seed {
        text: "Our dispatchers spend the first hour of every day phoning technicians to find out where they are.",
        customer: "Northwind HVAC",
        segment: "Enterprise",
        source: "Churn interview",
        days_ago: 180,
        links: &["I-1", "E-1"],
    },
    Seed {
        text: "Every repeat visit starts with the technician asking what was done last time.",
        customer: "Northwind HVAC",
        segment: "Enterprise",
        source: "Churn interview",
        days_ago: 180,
        links: &["E-5", "S-30"],
    },
    Seed {
        text: "If I could see who is running late on a map I would stop calling them every twenty minutes.",
        customer: "Brightline Electric",
        segment: "Mid-market",
        source: "Customer interview",
        days_ago: 173,
        links: &["E-1", "S-5"],
    },
    Seed {
        text: "Greyed-out pins would tell me the app lost the technician's location, today I just assume they are idle.",
        customer: "Cascade Plumbing",
        segment: "SMB",
        source: "Zendesk #3921",
        days_ago: 165,
        links: &["S-2"],
    },
    Seed {
        text: "Our lift engineers work in shafts with no coverage for hours; the app must work offline.",
        customer: "Alpine Lifts",
        segment: "Enterprise",
        source: "QBR",
        days_ago: 153,
        links: &["E-4"],
    },
    Seed {
        text: "Two dispatchers moved the same job at the same time and the technician drove to both addresses.",
        customer: "Alpine Lifts",
        segment: "Enterprise",
        source: "QBR",
        days_ago: 146,
        links: &["S-14", "S-15"],
    },
    Seed {
        text: "Drag and drop on the board is the feature my team asks about most in every demo.",
        customer: "Harbour Facilities",
        segment: "Mid-market",
        source: "Sales call",
        days_ago: 139,
        links: &["E-2"],
    },
    Seed {
        text: "A live traffic layer would explain why someone is late without a phone call.",
        customer: "Alpine Lifts",
        segment: "Enterprise",
        source: "Canny vote",
        days_ago: 124,
        links: &[],
    },
    Seed {
        text: "Route the whole day automatically, our dispatchers plan routes on paper.",
        customer: "Northwind HVAC",
        segment: "Enterprise",
        source: "Sales call",
        days_ago: 118,
        links: &[],
    },
    Seed {
        text: "Power users want to move jobs from the keyboard, the mouse slows them down.",
        customer: "Harbour Facilities",
        segment: "Mid-market",
        source: "Canny vote",
        days_ago: 111,
        links: &["S-17"],
    },
    Seed {
        text: "Tell me before a technician's lift certification expires, not after.",
        customer: "Alpine Lifts",
        segment: "Enterprise",
        source: "Zendesk #4208",
        days_ago: 104,
        links: &["S-39"],
    },
    Seed {
        text: "We sent an uncertified technician to a gas boiler twice last month. The system should not offer them.",
        customer: "Northwind HVAC",
        segment: "Enterprise",
        source: "Sales call",
        days_ago: 95,
        links: &["E-6"],
    },
    Seed {
        text: "The customer's signature is the proof of completion. We cannot lose it because the phone had no signal.",
        customer: "Summit Fire Protection",
        segment: "Mid-market",
        source: "Zendesk #4311",
        days_ago: 90,
        links: &["S-26"],
    },
    Seed {
        text: "Half of our residential jobs are paid by card on the doorstep with a separate terminal; we want it in the app.",
        customer: "Brightline Electric",
        segment: "Mid-market",
        source: "Customer interview",
        days_ago: 89,
        links: &["E-11", "S-56"],
    },
    Seed {
        text: "We want our ERP to know the moment a job closes: webhooks, not polling.",
        customer: "Meridian Security",
        segment: "Enterprise",
        source: "Canny vote",
        days_ago: 87,
        links: &["S-64"],
    },
    Seed {
        text: "Auditors ask for our certification register every quarter and we build it by hand in a spreadsheet.",
        customer: "Summit Fire Protection",
        segment: "Mid-market",
        source: "Customer interview",
        days_ago: 83,
        links: &["S-41"],
    },
    Seed {
        text: "Residential customers want an \"on my way\" text, like their parcel delivery.",
        customer: "Greenleaf Landscaping",
        segment: "SMB",
        source: "Intercom chat",
        days_ago: 75,
        links: &["S-45"],
    },
    Seed {
        text: "Finance re-keys about 200 invoices a month into Xero.",
        customer: "Cascade Plumbing",
        segment: "SMB",
        source: "Customer interview",
        days_ago: 73,
        links: &["E-12", "S-60"],
    },
    Seed {
        text: "When a technician calls in sick I move his eight jobs one by one. It takes half an hour.",
        customer: "Brightline Electric",
        segment: "Mid-market",
        source: "Zendesk #4437",
        days_ago: 70,
        links: &["S-16"],
    },
    Seed {
        text: "Half our field team is on iPhone, offline on Android only does not help them.",
        customer: "Meridian Security",
        segment: "Enterprise",
        source: "Sales call",
        days_ago: 62,
        links: &["S-28"],
    },
    Seed {
        text: "Technicians lose the job history when there is no signal in basements and plant rooms.",
        customer: "Cascade Plumbing",
        segment: "SMB",
        source: "Zendesk #4452",
        days_ago: 60,
        links: &["E-4", "S-21"],
    },
    Seed {
        text: "Invoices are typed up in the office three days after the job. Generate them from the job sheet.",
        customer: "Cascade Plumbing",
        segment: "SMB",
        source: "Zendesk #4460",
        days_ago: 56,
        links: &["S-55"],
    },
    Seed {
        text: "Our customers ask every day when the technician will arrive. A text with a live ETA would end those calls.",
        customer: "Alpine Lifts",
        segment: "Enterprise",
        source: "Intercom chat",
        days_ago: 51,
        links: &["I-3", "E-8"],
    },
    Seed {
        text: "Scanning the unit's barcode to open its history would save our engineers a lot of scrolling.",
        customer: "Alpine Lifts",
        segment: "Enterprise",
        source: "Customer interview",
        days_ago: 48,
        links: &["S-33"],
    },
    Seed {
        text: "A quarter of our no-access visits are customers who would have rebooked if they could.",
        customer: "Harbour Facilities",
        segment: "Mid-market",
        source: "Intercom chat",
        days_ago: 47,
        links: &["E-9", "S-51"],
    },
    Seed {
        text: "Is there an API to create jobs from Salesforce? Our ops team re-types every work order.",
        customer: "Meridian Security",
        segment: "Enterprise",
        source: "Intercom chat",
        days_ago: 42,
        links: &["I-5", "S-62"],
    },
    Seed {
        text: "Warranty status on the job screen would stop us billing for work the manufacturer covers.",
        customer: "Greenleaf Landscaping",
        segment: "SMB",
        source: "Intercom chat",
        days_ago: 41,
        links: &["S-32"],
    },
    Seed {
        text: "WhatsApp is how our customers in Spain talk to us, nobody reads SMS.",
        customer: "Meridian Security",
        segment: "Enterprise",
        source: "Sales call",
        days_ago: 27,
        links: &["S-50"],
    },
    Seed {
        text: "QuickBooks Online first, please, that is what all our franchisees use.",
        customer: "Greenleaf Landscaping",
        segment: "SMB",
        source: "Canny vote",
        days_ago: 19,
        links: &["E-12"],
    },
    Seed {
        text: "Technicians should see which parts are on their van before they accept a job.",
        customer: "Summit Fire Protection",
        segment: "Mid-market",
        source: "Customer interview",
        days_ago: 13,
        links: &[],
    },
    Seed {
        text: "Can end customers rate the technician? Our franchise owners want a league table.",
        customer: "Greenleaf Landscaping",
        segment: "SMB",
        source: "Intercom chat",
        days_ago: 11,
        links: &[],
    },
    Seed {
        text: "Dark mode for the technician app, night shifts find it blinding.",
        customer: "Summit Fire Protection",
        segment: "Mid-market",
        source: "Zendesk #4590",
        days_ago: 6,
        links: &[],
    },
    Seed {
        text: "We need single sign-on with Azure AD before security will approve the rollout to 400 users.",
        customer: "Meridian Security",
        segment: "Enterprise",
        source: "Sales call",
        days_ago: 4,
        links: &[],
    },
];

/// An insight added after the history began is recorded at this time of
/// its day (or now, if that is earlier).
const RECORDED_AT: NaiveTime = match NaiveTime::from_hms_opt(11, 0, 0) {
    Some(t) => t,
    None => panic!("11:00 is a time"),
};

/// The demo's insights, `F-1` onwards in [`SEEDS`] order, dated back from
/// `now`. Each one's `created` is when it was recorded: `start` (the
/// history's beginning) for those said before it, else its own day.
pub(super) fn insights(now: DateTime<Utc>, start: DateTime<Utc>) -> Result<Vec<Item>> {
    let items = SEEDS
        .iter()
        .enumerate()
        .map(|(n, seed)| {
            let key = Key::new(Kind::Insight, n as i64 + 1);
            let said = now - Duration::days(seed.days_ago);
            let recorded = if said <= start {
                start
            } else {
                said.date_naive().and_time(RECORDED_AT).and_utc().min(now)
            };
            let url = seed
                .source
                .strip_prefix("Zendesk #")
                .map(|t| format!("https://tandem-support.zendesk.example/agent/tickets/{t}"));
            let info = InsightInfo {
                customer: Some(seed.customer.to_string()),
                segment: Some(seed.segment.to_string()),
                source: Some(seed.source.to_string()),
                url,
                date: Some(said.date_naive()),
            };
            let mut item = new_insight(key, seed.text, info, recorded)?;
            item.depends_on = seed
                .links
                .iter()
                .map(|k| k.parse::<Key>())
                .collect::<Result<_, DomainError>>()?;
            item.depends_on.sort();
            Ok(item)
        })
        .collect::<Result<Vec<Item>, DomainError>>()?;
    Ok(items)
}

/// Records `insight` as added at its `created` time, in a change of its
/// own named as `backlog insight add` names it.
pub(super) fn record(tx: &mut Tx, insight: &Item) -> Result<()> {
    tx.start_change(
        &add_summary(insight.key, &insight.depends_on),
        insight.created,
    )?;
    tx.insert(insight)?;
    Ok(())
}
