//! Wallet apps, kept per cryptocurrency: GetWalletApps lists every app (each once, as the live
//! API's bare array of `{id, name, image, image_darkmode}`), and GetRate and StartPayment refuse
//! a `wallet_app_id` that no app of their currency has. Tests replace a currency's apps with
//! `set_wallet_apps`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::{self, CURRENCIES};
use crate::error::{bad, SandboxError};

/// Longest id or name the emulator stores.
const MAX_TEXT: usize = 255;

/// One wallet app. An `image` (or `image_darkmode`) that starts with `/` is served by the
/// emulator: GetWalletApps prefixes it with `http://<host>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalletApp {
    /// The id StartPayment takes as `wallet_app_id`.
    pub id: String,
    /// Name for display.
    pub name: String,
    /// Logo URL.
    #[serde(default)]
    pub image: Option<String>,
    /// Logo URL for dark backgrounds.
    #[serde(default)]
    pub image_darkmode: Option<String>,
}

impl WalletApp {
    fn listed(id: &str, name: &str, slug: &str) -> WalletApp {
        WalletApp {
            id: id.to_string(),
            name: name.to_string(),
            image: Some(format!("/pay/images/wallets/{slug}.png")),
            image_darkmode: Some(format!("/pay/images/wallets/{slug}_white.png")),
        }
    }

    fn check(&self) -> Result<(), SandboxError> {
        let fine = |t: &str| !t.trim().is_empty() && t.len() <= MAX_TEXT && !t.chars().any(char::is_control);
        if fine(&self.id) && fine(&self.name) && !self.id.contains(char::is_whitespace) {
            Ok(())
        } else {
            Err(bad("a wallet app needs an id (no spaces) and a name, each at most 255 characters"))
        }
    }

    fn render(&self, host: &str) -> Value {
        let url = |u: &Option<String>| match u {
            Some(path) if path.starts_with('/') => Value::String(format!("http://{host}{path}")),
            Some(url) => Value::String(url.clone()),
            None => Value::Null,
        };
        serde_json::json!({
            "id": self.id,
            "name": self.name,
            "image": url(&self.image),
            "image_darkmode": url(&self.image_darkmode),
        })
    }
}

/// The apps of every currency, in catalog order.
#[derive(Debug)]
pub(crate) struct WalletApps {
    by_currency: Vec<(&'static str, Vec<WalletApp>)>,
}

impl Default for WalletApps {
    /// A few apps, each serving some of the currencies (none for a disabled one).
    fn default() -> Self {
        let metamask = WalletApp::listed("0b6e3f0c-5d2a-4b8e-9c41-7a1f2d3e4b01", "Metamask", "metamask");
        let trust = WalletApp::listed("5c9d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e02", "Trust Wallet", "trustwallet");
        let exodus = WalletApp::listed("9e8d7c6b-5a49-4382-a716-f5e4d3c2b103", "Exodus", "exodus");
        let apps_of = |code: &str| match code {
            "BTC" | "LTC" => vec![trust.clone(), exodus.clone()],
            "ETH" => vec![metamask.clone(), trust.clone(), exodus.clone()],
            "USDT" => vec![metamask.clone(), trust.clone()],
            _ => Vec::new(),
        };
        WalletApps { by_currency: CURRENCIES.iter().map(|c| (c.code, apps_of(c.code))).collect() }
    }
}

impl WalletApps {
    /// Replaces the apps of `currency` (a listed cryptocurrency); an empty list removes them.
    pub(crate) fn set(&mut self, currency: &str, apps: Vec<WalletApp>) -> Result<(), SandboxError> {
        let code = catalog::currency(currency).ok_or_else(|| bad(format!("Unknown currency: {currency}")))?.code;
        for app in &apps {
            app.check()?;
        }
        if let Some((_, list)) = self.by_currency.iter_mut().find(|(c, _)| *c == code) {
            *list = apps;
        }
        Ok(())
    }

    /// GetWalletApps' answer: every app once (the first time a currency lists it), in order.
    pub(crate) fn render(&self, host: &str) -> Value {
        let mut seen: Vec<&str> = Vec::new();
        let mut listed = Vec::new();
        for app in self.by_currency.iter().flat_map(|(_, apps)| apps) {
            if !seen.contains(&app.id.as_str()) {
                seen.push(&app.id);
                listed.push(app.render(host));
            }
        }
        Value::Array(listed)
    }

    /// Refuses (400) a `wallet_app_id` that no app of `currency` has.
    pub(crate) fn check_for(&self, currency: &str, wallet_app_id: Option<&str>) -> Result<(), SandboxError> {
        let Some(id) = wallet_app_id else { return Ok(()) };
        let serves = self
            .by_currency
            .iter()
            .any(|(c, apps)| c.eq_ignore_ascii_case(currency) && apps.iter().any(|a| a.id == id));
        if serves {
            Ok(())
        } else {
            Err(bad(format!("Unknown wallet_app_id for {}", currency.to_ascii_uppercase())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_once_and_checked_per_currency() {
        let mut apps = WalletApps::default();
        let listed = apps.render("h:1");
        let names: Vec<&str> = listed.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Trust Wallet", "Exodus", "Metamask"]);
        assert_eq!(listed[0]["image"], "http://h:1/pay/images/wallets/trustwallet.png");
        let metamask = listed[2]["id"].as_str().unwrap().to_string();
        assert!(apps.check_for("eth", Some(&metamask)).is_ok());
        assert!(apps.check_for("BTC", Some(&metamask)).is_err());
        assert!(apps.check_for("BTC", None).is_ok());

        let mine = WalletApp { id: "w-1".into(), name: "Mine".into(), image: Some("https://x/y.png".into()), image_darkmode: None };
        apps.set("btc", vec![mine]).unwrap();
        assert!(apps.check_for("BTC", Some("w-1")).is_ok());
        let listed = apps.render("h:1");
        assert_eq!(listed[0], serde_json::json!({"id": "w-1", "name": "Mine", "image": "https://x/y.png", "image_darkmode": null}));
        assert!(apps.set("XYZ", vec![]).is_err());
        let blank = WalletApp { id: "a b".into(), name: "N".into(), image: None, image_darkmode: None };
        assert!(apps.set("BTC", vec![blank]).is_err());
    }
}
