//! Customers: one shopper across the counter and the web. Identifiers are
//! normalised (emails, phones to E.164, loyalty ids) and hashed the same way
//! in every channel; records that share one become a profile unless that
//! would over-merge a household; one points balance per profile.

mod book;
mod household;
mod identifier;
mod record;
mod resolve;
mod resolver;
mod secret;
mod snapshot;
mod suggest;

pub use book::{CustomerBook, PointsEvent, PointsKind, UnclaimedPoints};
pub(crate) use identifier::hex;
pub use identifier::{
    normalize_email, normalize_loyalty, normalize_phone, redact, render_hash, sha256_hex,
    HashConvention, LoyaltyFormat, EMAIL, LOYALTY, PHONE,
};
pub use record::{
    Attributes, CustomerRecord, Households, IdentifierInput, LinkPolicy, Placeholders,
};
pub use resolve::{
    profile_id, resolve, BalanceChange, Correction, CorrectionEffect, Merge, Profile, RecordIssue,
    RecordMove, Resolution, ReviewItem,
};
pub use resolver::Profiles;
pub use suggest::{
    BlockingPart, Compare, Evidence, FieldModel, FieldRule, Scoring, Suggestion, Suggestions,
};

#[cfg(test)]
mod tests;
