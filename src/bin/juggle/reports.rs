//! `juggle clients report` and `juggle clients exit-plan` (issue 16).

use std::path::PathBuf;

use chrono::Utc;

use juggle::calendar::time;
use juggle::clients;
use juggle::views;
use juggle::Store;

use crate::outln;
use crate::output;

pub fn clients_report(
    store: &mut Store,
    from: &str,
    to: &str,
    csv: Option<PathBuf>,
    json: bool,
) -> output::Result {
    let (from, to) = (
        crate::tracking::day("from", from)?,
        crate::tracking::day("to", to)?,
    );
    let report = views::clients_report(store.conn(), from, to, time::today())?;
    if let Some(path) = &csv {
        let text = views::clients_report::to_csv(&report);
        juggle::export::write_whole(path, text.as_bytes()).map_err(|e| output::Failure {
            code: "export.unwritable",
            message: format!("Could not write {}: {e}", path.display()),
        })?;
    }
    if json {
        return output::json(&report);
    }
    let money = |minor: i64, currency: &Option<String>| match currency {
        Some(c) => format!(
            "{} {c}",
            juggle::contracts::Currency::parse(c)
                .map(|c| c.format(minor))
                .unwrap_or_default()
        ),
        None => "—".into(),
    };
    let rows: Vec<Vec<String>> = report
        .rows
        .iter()
        .map(|r| {
            vec![
                r.client.clone(),
                output::hours(u64::from(r.minutes)),
                money(r.paid_minor, &r.currency),
                r.effective_rate_minor
                    .map(|m| money(m, &r.currency))
                    .unwrap_or_else(|| "—".into()),
                money(r.late_minor, &r.currency),
                r.breaches.to_string(),
                r.flags.join("; "),
            ]
        })
        .collect();
    output::table(
        &[
            "CLIENT", "LOGGED", "RECEIVED", "PER HOUR", "LATE", "BREACHES", "FLAGS",
        ],
        &rows,
    );
    if let Some(path) = csv {
        outln!("Wrote {}.", path.display());
    }
    Ok(())
}

pub fn exit_plan(store: &mut Store, name: &str, json: bool) -> output::Result {
    let client = clients::find_by_name(store, name)?;
    let plan = views::exit_plan(store.conn(), client.id, time::today(), Utc::now())?;
    if json {
        return output::json(&plan);
    }
    outln!("Ending the work with {}:", plan.client);
    for k in &plan.contracts {
        let notice = match (k.notice_days, k.ends_on) {
            (Some(n), Some(d)) => format!("{n} days' notice: ends {}", juggle::prose::day(d)),
            (None, Some(d)) => format!("no notice period: ends {}", juggle::prose::day(d)),
            _ => "no notice period or end day: check the contract".into(),
        };
        outln!("  {} — {notice}", k.title);
    }
    for u in &plan.unbilled {
        outln!(
            "  Final invoice: {} unbilled on {} ({} {} before tax)",
            output::hours(u64::from(u.minutes)),
            u.title,
            juggle::contracts::Currency::parse(&u.currency)
                .map(|c| c.format(u.amount_minor))
                .unwrap_or_default(),
            u.currency
        );
    }
    for t in &plan.open_tasks {
        outln!(
            "  To finish or hand over: {} ({} left)",
            t.title,
            output::hours(u64::from(t.remaining_minutes))
        );
    }
    outln!();
    outln!("{}", plan.goodbye);
    Ok(())
}
