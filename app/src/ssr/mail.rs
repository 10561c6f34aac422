//! Mail out through the SMTP relay of the settings (lettre, async, rustls):
//! the transport, the sender, and a bell the mail worker waits on so a
//! queued message leaves at once rather than at the next round.
use crate::error::AppError;
use crate::ssr::settings::Settings;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How long one message may take to go out.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// The relay and the sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    bell: Arc<Notify>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

impl Mailer {
    /// The mailer of `settings` (none without a relay); a URL or sender
    /// lettre cannot read is an error naming the setting.
    pub fn of(settings: &Settings) -> Result<Option<Mailer>, String> {
        let Some(url) = &settings.smtp_url else {
            return Ok(None);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url.0)
            .map_err(|e| format!("smtp-url: {e}"))?
            .timeout(Some(SEND_TIMEOUT))
            .build();
        let from = settings
            .mail_from
            .parse::<Mailbox>()
            .map_err(|e| format!("mail-from `{}`: {e}", settings.mail_from))?;
        Ok(Some(Mailer {
            transport,
            from,
            bell: Arc::new(Notify::new()),
        }))
    }

    /// Who the mail is from.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// Sends `message` within [`SEND_TIMEOUT`] (the whole exchange, not
    /// only the connection); the relay's refusal or silence as text.
    pub async fn send(&self, message: Message) -> Result<(), String> {
        match tokio::time::timeout(SEND_TIMEOUT, self.transport.send(message)).await {
            Ok(sent) => sent.map(|_| ()).map_err(|e| e.to_string()),
            Err(_) => Err(format!("no answer from the relay in {SEND_TIMEOUT:?}")),
        }
    }

    /// Tells the worker there is mail to send.
    pub fn ring(&self) {
        self.bell.notify_one();
    }

    /// Waits until [`Mailer::ring`] or `most` has passed.
    pub async fn wait(&self, most: Duration) {
        let _ = tokio::time::timeout(most, self.bell.notified()).await;
    }
}

/// The relay, or the refusal of a mail asked for without one (`email`
/// `not_configured`).
pub fn configured(mailer: &Option<Mailer>) -> Result<&Mailer, AppError> {
    mailer
        .as_ref()
        .ok_or_else(|| AppError::field("email", "not_configured"))
}
