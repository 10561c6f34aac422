//! Data shapes that cross the wire between server functions and pages.
use crate::domain::{locale::UiLocale, permission::Permission, plan::Plan};
use serde::{Deserialize, Serialize};

/// Who is signed in, with what they may do. Sent to the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub permissions: Vec<Permission>,
    pub account_name: String,
    pub plan: Plan,
    pub currency: String,
    pub time_zone: String,
    pub locale: UiLocale,
}

impl SessionInfo {
    pub fn can(&self, p: Permission) -> bool {
        self.permissions.contains(&p)
    }

    /// May add organizations, contacts and activities (and complete them).
    pub fn may_add_records(&self) -> bool {
        crate::domain::permission::may_add_records(&self.permissions)
    }

    /// Up to two initials for the avatar.
    pub fn initials(&self) -> String {
        initials(&self.name)
    }
}

/// Up to two initials of a person's name, for avatars.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect::<String>()
        .to_uppercase()
}

/// A stage of a pipeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = Stage))]
pub struct StageView {
    pub id: i64,
    pub name: String,
    pub position: i64,
    pub color: String,
    pub probability: i64,
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub rotting_days: Option<i64>,
}

/// A pipeline with its stages in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = Pipeline))]
pub struct PipelineView {
    pub id: i64,
    pub name: String,
    pub is_default: bool,
    pub stages: Vec<StageView>,
}

/// A user of the account, as listed to admins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = User))]
pub struct UserView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub active: bool,
}

/// One of the signed-in user's API tokens (never the token itself).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    /// The first characters, to tell tokens apart.
    pub prefix: String,
    /// Local date and time.
    pub created: String,
    pub last_used: Option<String>,
    pub revoked: bool,
    /// Local date and time it stops working; `None`: when revoked.
    pub expires: Option<String>,
    pub expired: bool,
}

/// A webhook endpoint as its page shows it, with its latest deliveries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebhookView {
    pub id: i64,
    pub url: String,
    pub description: String,
    /// Event kinds; empty: all.
    pub kinds: Vec<String>,
    /// The pipeline's name it is limited to.
    pub pipeline: Option<String>,
    pub active: bool,
    /// Local date and time its retries ran out, if they did.
    pub disabled: Option<String>,
    pub secret: String,
    pub version: i64,
    pub deliveries: Vec<DeliveryView>,
}

/// One delivery of a webhook's log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub id: i64,
    pub kind: String,
    pub entity_id: i64,
    /// pending, delivered or failed.
    pub state: String,
    pub attempts: i64,
    /// Local date and time of the last attempt (or of its creation).
    pub when: String,
    pub status: Option<i64>,
    pub error: Option<String>,
    /// The start of the last answer.
    pub excerpt: Option<String>,
}

/// The webhooks page: the endpoints and the pipelines one may limit to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebhooksPage {
    pub webhooks: Vec<WebhookView>,
    pub pipelines: Vec<(i64, String)>,
}
