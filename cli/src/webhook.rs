//! `forumpay webhook verify`: a notification body a shop received, checked the way the SDK's
//! webhook helpers check it (parse, compare with the stored payment, ask CheckPayment), so a
//! support person can tell whether it was real and what the API says now.

use crate::args::Global;
use crate::connect::{client, require_pos_id};
use crate::output::{Failure, Lines, Printing, Render};
use crate::tool_args::WebhookVerifyArgs;
use forumpay::webhooks::MAX_WEBHOOK_BODY;
use forumpay::{Error, KnownPayment, VerifiedWebhook, WebhookNotification};
use std::io::{IsTerminal, Read};
use std::path::Path;

/// Runs `webhook verify`.
pub async fn verify(global: &Global, args: &WebhookVerifyArgs) -> Result<(), Failure> {
    let body = body(args.body.as_deref())?;
    // A body that cannot be read is refused before any request (code `webhook`).
    let notification = WebhookNotification::parse(&body)?;
    let p = &args.payment;
    let mut known = KnownPayment::new(&p.payment_id, &p.currency, &p.address);
    if let Some(state) = &args.last_state {
        known = known.last_state(state.clone());
    }
    require_pos_id(global)?;
    let verified = client(global)?
        .verify_webhook(&notification, Some(&known))
        .await?;
    let printing = Printing::of(global);
    if printing.json {
        println!("{}", printing.pretty(&verified));
    } else {
        println!("{}", verified.human());
    }
    Ok(())
}

impl Render for VerifiedWebhook {
    fn human(&self) -> String {
        let mut l = Lines::default();
        l.text("verified", "the API confirms this notification");
        match &self.previous {
            Some(previous) => l.text(
                "transition",
                format!("{previous} -> {} ({})", self.payment.state, kind(self)),
            ),
            None => l.text(
                "transition",
                format!("{} ({})", self.payment.state, kind(self)),
            ),
        };
        l.text("dedupe_key", &self.dedupe_key);
        format!("{}\n\n{}", l.render(), self.payment.human())
    }
}

/// The transition's kind as the SDK serializes it (`listed`, `unlisted`, ...).
fn kind(v: &VerifiedWebhook) -> String {
    serde_json::to_value(v.transition)
        .ok()
        .and_then(|k| k.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The raw body: from the file, or from stdin when no file (or `-`) is named. At most one byte
/// more than the SDK accepts is read, so an oversized body is refused by the SDK, not cut.
fn body(path: Option<&Path>) -> Result<Vec<u8>, Failure> {
    let limit = MAX_WEBHOOK_BODY as u64 + 1;
    let mut body = Vec::new();
    let read = match path.filter(|p| p.as_os_str() != "-") {
        Some(path) => std::fs::File::open(path)
            .and_then(|f| f.take(limit).read_to_end(&mut body))
            .map_err(|e| format!("cannot read {}: {e}", path.display())),
        None if std::io::stdin().is_terminal() => {
            Err("no body: pass --body FILE or pipe the body on stdin".to_string())
        }
        None => std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut body)
            .map_err(|e| format!("cannot read the body from stdin: {e}")),
    };
    read.map_err(|message| Failure::Usage(Error::validation("body", message)))?;
    Ok(body)
}
