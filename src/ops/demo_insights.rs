//! The customer insights of the demo backlog: what field-service companies
//! told the team about the roadmap's bets, from support tickets, calls and
//! interviews over the past months; most are linked to the items they
//! argue for, some still wait in the inbox (two of them for over 90 days).

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::insight::{InsightInfo, new_insight};
use crate::domain::{DomainError, Item, Key, Kind};

/// One demo insight: text, customer, segment, source, date, linked keys.
struct Seed(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const SEEDS: &[Seed] = &[
    Seed(
        "Our dispatchers spend the first hour of every day phoning technicians to find out where they are.",
        "Northwind HVAC",
        "Enterprise",
        "Churn interview",
        "2026-06-04",
        &["I-1", "E-1"],
    ),
    Seed(
        "If I could see who is running late on a map I would stop calling them every twenty minutes.",
        "Brightline Electric",
        "Mid-market",
        "Customer interview",
        "2026-06-11",
        &["E-1", "S-5"],
    ),
    Seed(
        "Greyed-out pins would tell me the app lost the technician's location, today I just assume they are idle.",
        "Cascade Plumbing",
        "SMB",
        "Zendesk #3921",
        "2026-06-19",
        &["S-2"],
    ),
    Seed(
        "When a technician calls in sick I move his eight jobs one by one. It takes half an hour.",
        "Brightline Electric",
        "Mid-market",
        "Zendesk #4437",
        "2026-09-22",
        &["S-16"],
    ),
    Seed(
        "Two dispatchers moved the same job at the same time and the technician drove to both addresses.",
        "Alpine Lifts",
        "Enterprise",
        "QBR",
        "2026-07-08",
        &["S-14", "S-15"],
    ),
    Seed(
        "Drag and drop on the board is the feature my team asks about most in every demo.",
        "Harbour Facilities",
        "Mid-market",
        "Sales call",
        "2026-07-15",
        &["E-2"],
    ),
    Seed(
        "Power users want to move jobs from the keyboard, the mouse slows them down.",
        "Harbour Facilities",
        "Mid-market",
        "Canny vote",
        "2026-08-12",
        &["S-17"],
    ),
    Seed(
        "We sent an uncertified technician to a gas boiler twice last month. The system should not offer them.",
        "Northwind HVAC",
        "Enterprise",
        "Sales call",
        "2026-08-28",
        &["E-3", "E-6"],
    ),
    Seed(
        "Auditors ask for our certification register every quarter and we build it by hand in a spreadsheet.",
        "Summit Fire Protection",
        "Mid-market",
        "Customer interview",
        "2026-09-09",
        &["S-41"],
    ),
    Seed(
        "Tell me before a technician's lift certification expires, not after.",
        "Alpine Lifts",
        "Enterprise",
        "Zendesk #4208",
        "2026-08-19",
        &["S-39"],
    ),
    Seed(
        "Technicians lose the job history when there is no signal in basements and plant rooms.",
        "Cascade Plumbing",
        "SMB",
        "Zendesk #4452",
        "2026-10-02",
        &["E-4", "S-21"],
    ),
    Seed(
        "Our lift engineers work in shafts with no coverage for hours; the app must work offline.",
        "Alpine Lifts",
        "Enterprise",
        "QBR",
        "2026-07-01",
        &["E-4"],
    ),
    Seed(
        "Half our field team is on iPhone, offline on Android only does not help them.",
        "Meridian Security",
        "Enterprise",
        "Sales call",
        "2026-09-30",
        &["S-28"],
    ),
    Seed(
        "The customer's signature is the proof of completion. We cannot lose it because the phone had no signal.",
        "Summit Fire Protection",
        "Mid-market",
        "Zendesk #4311",
        "2026-09-02",
        &["S-26"],
    ),
    Seed(
        "Every repeat visit starts with the technician asking what was done last time.",
        "Northwind HVAC",
        "Enterprise",
        "Churn interview",
        "2026-06-04",
        &["E-5", "S-30"],
    ),
    Seed(
        "Scanning the unit's barcode to open its history would save our engineers a lot of scrolling.",
        "Alpine Lifts",
        "Enterprise",
        "Customer interview",
        "2026-10-14",
        &["S-33"],
    ),
    Seed(
        "Warranty status on the job screen would stop us billing for work the manufacturer covers.",
        "Greenleaf Landscaping",
        "SMB",
        "Intercom chat",
        "2026-10-21",
        &["S-32"],
    ),
    Seed(
        "Our customers ask every day when the technician will arrive. A text with a live ETA would end those calls.",
        "Alpine Lifts",
        "Enterprise",
        "Intercom chat",
        "2026-10-11",
        &["I-3", "E-8"],
    ),
    Seed(
        "Residential customers want an \"on my way\" text, like their parcel delivery.",
        "Greenleaf Landscaping",
        "SMB",
        "Intercom chat",
        "2026-09-17",
        &["S-45"],
    ),
    Seed(
        "A quarter of our no-access visits are customers who would have rebooked if they could.",
        "Harbour Facilities",
        "Mid-market",
        "Intercom chat",
        "2026-10-15",
        &["E-9", "S-51"],
    ),
    Seed(
        "WhatsApp is how our customers in Spain talk to us, nobody reads SMS.",
        "Meridian Security",
        "Enterprise",
        "Sales call",
        "2026-11-04",
        &["S-50"],
    ),
    Seed(
        "Half of our residential jobs are paid by card on the doorstep with a separate terminal; we want it in the app.",
        "Brightline Electric",
        "Mid-market",
        "Customer interview",
        "2026-09-03",
        &["E-11", "S-56"],
    ),
    Seed(
        "Invoices are typed up in the office three days after the job. Generate them from the job sheet.",
        "Cascade Plumbing",
        "SMB",
        "Zendesk #4460",
        "2026-10-06",
        &["S-55"],
    ),
    Seed(
        "Finance re-keys about 200 invoices a month into Xero.",
        "Cascade Plumbing",
        "SMB",
        "Customer interview",
        "2026-09-19",
        &["E-12", "S-60"],
    ),
    Seed(
        "QuickBooks Online first, please, that is what all our franchisees use.",
        "Greenleaf Landscaping",
        "SMB",
        "Canny vote",
        "2026-11-12",
        &["E-12"],
    ),
    Seed(
        "Is there an API to create jobs from Salesforce? Our ops team re-types every work order.",
        "Meridian Security",
        "Enterprise",
        "Intercom chat",
        "2026-10-20",
        &["I-5", "S-62"],
    ),
    Seed(
        "We want our ERP to know the moment a job closes: webhooks, not polling.",
        "Meridian Security",
        "Enterprise",
        "Canny vote",
        "2026-09-05",
        &["S-64"],
    ),
    Seed(
        "Technicians should see which parts are on their van before they accept a job.",
        "Summit Fire Protection",
        "Mid-market",
        "Customer interview",
        "2026-11-18",
        &[],
    ),
    Seed(
        "A live traffic layer would explain why someone is late without a phone call.",
        "Alpine Lifts",
        "Enterprise",
        "Canny vote",
        "2026-07-30",
        &[],
    ),
    Seed(
        "Route the whole day automatically, our dispatchers plan routes on paper.",
        "Northwind HVAC",
        "Enterprise",
        "Sales call",
        "2026-08-05",
        &[],
    ),
    Seed(
        "Can end customers rate the technician? Our franchise owners want a league table.",
        "Greenleaf Landscaping",
        "SMB",
        "Intercom chat",
        "2026-11-20",
        &[],
    ),
    Seed(
        "Dark mode for the technician app, night shifts find it blinding.",
        "Summit Fire Protection",
        "Mid-market",
        "Zendesk #4590",
        "2026-11-25",
        &[],
    ),
    Seed(
        "We need single sign-on with Azure AD before security will approve the rollout to 400 users.",
        "Meridian Security",
        "Enterprise",
        "Sales call",
        "2026-11-27",
        &[],
    ),
];

/// The demo's insights, `F-1` onwards in [`SEEDS`] order, recorded at `now`.
pub fn insights(now: DateTime<Utc>) -> Result<Vec<Item>, DomainError> {
    SEEDS
        .iter()
        .enumerate()
        .map(|(n, Seed(text, customer, segment, source, date, links))| {
            let key = Key::new(Kind::Insight, n as i64 + 1);
            let url = source
                .strip_prefix("Zendesk #")
                .map(|t| format!("https://tandem-support.zendesk.example/agent/tickets/{t}"));
            let info = InsightInfo {
                customer: Some(customer.to_string()),
                segment: Some(segment.to_string()),
                source: Some(source.to_string()),
                url,
                date: Some(
                    NaiveDate::parse_from_str(date, "%Y-%m-%d")
                        .map_err(|e| DomainError::invalid("date", date, &e.to_string()))?,
                ),
            };
            let mut item = new_insight(key, text, info, now)?;
            item.depends_on = links
                .iter()
                .map(|k| k.parse::<Key>())
                .collect::<Result<_, _>>()?;
            item.depends_on.sort();
            Ok(item)
        })
        .collect()
}
