//! Where a deal stands: open on its board, won or lost. Stored as the words
//! `open`, `won`, `lost` (the REST API's values too).
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DealStatus {
    #[default]
    Open,
    Won,
    Lost,
}

impl DealStatus {
    pub const ALL: [DealStatus; 3] = [DealStatus::Open, DealStatus::Won, DealStatus::Lost];

    pub fn as_str(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }

    /// The status of a deal closed at `won_at` or `lost_at` (neither: open).
    pub fn of(won_at: Option<i64>, lost_at: Option<i64>) -> DealStatus {
        match (won_at, lost_at) {
            (Some(_), _) => DealStatus::Won,
            (None, Some(_)) => DealStatus::Lost,
            (None, None) => DealStatus::Open,
        }
    }

    pub fn is_open(self) -> bool {
        self == DealStatus::Open
    }
}

impl fmt::Display for DealStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Not one of `open`, `won`, `lost`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownStatus;

impl fmt::Display for UnknownStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown deal status")
    }
}

impl std::error::Error for UnknownStatus {}

impl FromStr for DealStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<DealStatus, UnknownStatus> {
        DealStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or(UnknownStatus)
    }
}

/// Stored as text on both databases.
#[cfg(feature = "ssr")]
mod stored {
    use super::DealStatus;
    use sqlx::encode::IsNull;
    use sqlx::error::BoxDynError;
    use sqlx::{Database, Decode, Encode, Type};

    impl<DB: Database> Type<DB> for DealStatus
    where
        str: Type<DB>,
    {
        fn type_info() -> DB::TypeInfo {
            <str as Type<DB>>::type_info()
        }

        fn compatible(ty: &DB::TypeInfo) -> bool {
            <str as Type<DB>>::compatible(ty)
        }
    }

    impl<'q, DB: Database> Encode<'q, DB> for DealStatus
    where
        &'q str: Encode<'q, DB>,
    {
        fn encode_by_ref(
            &self,
            buf: &mut <DB as Database>::ArgumentBuffer,
        ) -> Result<IsNull, BoxDynError> {
            <&'q str as Encode<'q, DB>>::encode(self.as_str(), buf)
        }
    }

    impl<'r, DB: Database> Decode<'r, DB> for DealStatus
    where
        &'r str: Decode<'r, DB>,
    {
        fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<DealStatus, BoxDynError> {
            Ok(<&'r str as Decode<'r, DB>>::decode(value)?.parse()?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_as_written() {
        for status in DealStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{status}\"")
            );
        }
        assert_eq!("Won".parse::<DealStatus>(), Err(UnknownStatus));
        assert_eq!("".parse::<DealStatus>(), Err(UnknownStatus));
    }

    #[test]
    fn a_won_date_wins_over_a_lost_one() {
        assert_eq!(DealStatus::of(None, None), DealStatus::Open);
        assert_eq!(DealStatus::of(Some(1), None), DealStatus::Won);
        assert_eq!(DealStatus::of(None, Some(1)), DealStatus::Lost);
        assert_eq!(DealStatus::of(Some(1), Some(2)), DealStatus::Won);
    }
}
