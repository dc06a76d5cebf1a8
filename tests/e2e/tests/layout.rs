//! Every screen holds from the smallest window Juggle allows (880 px wide) to the default
//! 1200 × 780: nothing sticks out of its panel, no table is cut, no amount breaks inside
//! its digits. Checked on the sample book, which has every kind of record.

use juggle::generate;
use juggle::Store;
use juggle_e2e::{App, Harness};

/// Elements whose content is wider than their box, or that stick out of the window:
/// what a user sees cut. Scrolling containers (the lists, the calendar) are meant to.
const OVERFLOWS: &str = r#"
const out = [];
const vw = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth > vw + 1) out.push("the window scrolls sideways");
for (const el of document.querySelectorAll(".content *")) {
  const style = getComputedStyle(el);
  if (style.display === "none" || style.visibility === "hidden") continue;
  if (["auto", "scroll"].includes(style.overflowX) || el.closest(".ec, svg")) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0) continue;
  if (r.right > vw + 1) out.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(r.right)} px`);
  if (["button", "td", "th", "h1"].includes(el.tagName.toLowerCase()) || el.classList.contains("value")) {
    if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== "visible")
      out.push(`${el.tagName.toLowerCase()}.${el.className} is cut: "${el.textContent.trim()}"`);
  }
}
for (const el of document.querySelectorAll(".panel, section, article, li, .item")) {
  if (el.closest(".ec")) continue;
  const box = el.getBoundingClientRect();
  for (const child of el.querySelectorAll("table, button, .value, .amount, span")) {
    // A row drawn past its list on purpose (a hover background) has a negative margin.
    if (parseFloat(getComputedStyle(child).marginRight) < 0) continue;
    const r = child.getBoundingClientRect();
    if (r.width && r.right > box.right + 1) out.push(`${child.tagName.toLowerCase()}.${child.className} sticks out of ${el.className || el.tagName} by ${Math.round(r.right - box.right)} px: "${child.textContent.trim().slice(0, 40)}"`);
  }
}
return [...new Set(out)];
"#;

async fn problems(app: &App) -> Vec<String> {
    let found = app
        .client
        .execute(OVERFLOWS, vec![])
        .await
        .expect("layout check");
    serde_json::from_value(found).unwrap_or_default()
}

async fn check_screens(app: &App, width: u32, height: u32) {
    app.client
        .set_window_size(width, height)
        .await
        .expect("resize the window");
    let screens = [
        ("today", "[data-testid=today-event]"),
        ("calendar", "[data-testid=calendar-screen] .ec-event"),
        ("clients", "[data-testid=card-money]"),
        ("contracts", "[data-testid=contract-invoices]"),
        ("capacity", "[data-testid=check-form]"),
        ("time", "[data-testid=time-screen] h2"),
        ("settings", "[data-testid=health]"),
    ];
    let mut all = Vec::new();
    for (screen, ready) in screens {
        app.click(&format!("[data-testid=nav-{screen}]")).await;
        app.wait(ready).await;
        app.screenshot(&format!("layout-{width}-{screen}")).await;
        for p in problems(app).await {
            all.push(format!("{screen} at {width} px: {p}"));
        }
    }
    // A contract with an overdue invoice and its payment: the widest table.
    app.click("[data-testid=nav-contracts]").await;
    app.find_by_text("[data-testid=contract-item]", "Annual report")
        .await
        .click()
        .await
        .expect("open the contract");
    app.wait("[data-testid=invoice-row]").await;
    app.screenshot(&format!("layout-{width}-invoices")).await;
    for p in problems(app).await {
        all.push(format!("an invoiced contract at {width} px: {p}"));
    }
    assert!(all.is_empty(), "layout breaks:\n{}", all.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_fits_from_the_smallest_window_to_the_default() {
    let harness = Harness::start();
    {
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        let today = chrono::Local::now().date_naive();
        generate::sample_book(&mut store, today, "Europe/Berlin").unwrap();
    }
    let app = harness.launch().await;
    app.wait("[data-testid=today-event]").await;
    check_screens(&app, 1200, 780).await;
    check_screens(&app, 880, 600).await;
    app.quit().await;
}
