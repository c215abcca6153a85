//! GetWalletApps entries.

use crate::decode::fields::model_fields;
use crate::decode::{self, Extra};
use crate::error::Result;
use serde::Serialize;

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

model_fields! {
    WalletApp for "GetWalletApps" as WalletAppFields {
        id: text, name: text, image: text, image_darkmode: text,
    }
}

impl WalletApp {
    fn from_fields(f: &mut WalletAppFields<'_>) -> Result<WalletApp> {
        Ok(WalletApp {
            id: f.id().string()?,
            name: f.name().string()?,
            image: f.image().opt_string()?,
            image_darkmode: f.image_darkmode().opt_string()?,
            extra: f.extra(),
        })
    }
}

decode::answer::list_answers!(
    WalletAppList(WalletApp) under "wallet_apps" of "wallet apps",
    "Reads GetWalletApps' answer: a bare list (`null` reads as empty; a list under `wallet_apps` is accepted too, as GetTransactions wraps its list)."
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

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
