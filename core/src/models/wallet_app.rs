//! GetWalletApps entries.

use crate::decode::{list_answer, Extra, Fields};
use crate::error::Result;
use serde::Serialize;
use serde_json::Value;

/// A wallet app the payer can choose; StartPayment (and GetRate) take its `id` as
/// `wallet_app_id`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WalletApp {
    /// The app's id.
    pub id: String,
    /// Name for display.
    pub name: String,
    /// Logo URL.
    pub image: Option<String>,
    /// Logo URL for dark backgrounds.
    pub image_darkmode: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl WalletApp {
    fn from_json(value: Value) -> Result<WalletApp> {
        let mut f = Fields::new(value, "GetWalletApps")?;
        Ok(WalletApp {
            id: f.string("id")?,
            name: f.string("name")?,
            image: f.opt_string("image")?,
            image_darkmode: f.opt_string("image_darkmode")?,
            extra: f.finish(),
        })
    }

    /// Reads GetWalletApps' answer: a bare list (`null` reads as empty; a list under
    /// `wallet_apps` is accepted too, as GetTransactions wraps its list).
    pub fn list_from_json(value: Value) -> Result<Vec<WalletApp>> {
        list_answer(value, "GetWalletApps", "wallet_apps", "wallet apps", WalletApp::from_json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_live_shape_and_keeps_the_rest() {
        let apps = WalletApp::list_from_json(json!([
            {"id": "a-1", "name": "Wallet One", "image": "https://x/1.png", "image_darkmode": "https://x/1w.png"},
            {"id": 7, "name": "Seven", "image": null, "image_darkmode": "", "currencies": ["BTC"]}
        ]))
        .unwrap();
        assert_eq!(apps.len(), 2);
        assert_eq!((apps[0].id.as_str(), apps[0].image_darkmode.as_deref()), ("a-1", Some("https://x/1w.png")));
        assert_eq!((apps[1].id.as_str(), apps[1].image.as_deref(), apps[1].image_darkmode.as_deref()), ("7", None, None));
        assert_eq!(apps[1].extra["currencies"], json!(["BTC"]));
        assert!(WalletApp::list_from_json(Value::Null).unwrap().is_empty());
        assert_eq!(WalletApp::list_from_json(json!({"wallet_apps": []})).unwrap().len(), 0);
    }

    #[test]
    fn refuses_what_is_not_a_list_of_apps() {
        for bad in [json!({"x": 1}), json!("apps"), json!([{"name": "no id"}]), json!([{"id": "x", "name": ["n"]}]), json!([1])] {
            let e = WalletApp::list_from_json(bad.clone()).unwrap_err();
            assert_eq!(e.code().as_str(), "decode", "{bad}");
        }
    }
}
