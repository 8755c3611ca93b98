//! Customer records as channels send them, and the linking policy.

use super::identifier::{self, HashConvention, LoyaltyFormat, EMAIL, LOYALTY, PHONE};
use crate::error::{Error, Result};
use crate::instant::Instant;
use crate::prefetch::prefetch;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// One identifier on a record: clear (normalised here) or already hashed
/// (the lower-case hex SHA-256 of the canonical value).
#[derive(
    Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct IdentifierInput {
    /// `email`, `phone`, `loyalty`, or a caller's own kind (`web_account`).
    pub kind: String,
    /// The value as the channel has it.
    pub value: String,
    /// True when `value` is already the SHA-256 hex of the canonical value.
    #[serde(default)]
    pub hashed: bool,
    /// For a hashed value: the convention it was hashed under, when not
    /// Seamline's canonical form (an ad platform's digits-only phone). The
    /// policy must declare it in `hashed_conventions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub convention: Option<HashConvention>,
}

impl fmt::Debug for IdentifierInput {
    // Clear emails and phones never reach logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = if self.hashed {
            format!("sha256:{}…", &self.value.get(..8).unwrap_or(&self.value))
        } else {
            identifier::redact(&self.kind, &self.value)
        };
        write!(f, "{}({shown})", self.kind)
    }
}

/// Named attributes (name, address, consent, …), sorted by name: a map in
/// one flat vector, since most records carry a handful.
pub type Attributes = litemap::LiteMap<String, String>;

/// Attributes written as a map, an empty one too: `litemap` writes an empty
/// map as `[]` in text formats (it cannot see that its keys are text), and a
/// caller reading `golden` must always get an object.
pub(crate) fn attributes_as_map<S: serde::Serializer>(
    attributes: &Attributes,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_map(attributes.iter())
}

/// A customer record from any channel. A record is identified by `source`
/// and `record_id`; a newer observation of it replaces an older one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomerRecord {
    /// The system or channel that holds it (`pos`, `web`).
    pub source: String,
    /// Its id there.
    pub record_id: String,
    /// When the channel last saw it this way.
    pub observed_at: Instant,
    /// The store's country for phone numbers written without `+` (ISO 3166).
    #[serde(default)]
    pub region: Option<String>,
    /// Identifiers that may link it to other records.
    #[serde(default)]
    pub identifiers: Vec<IdentifierInput>,
    /// Everything else (name, address, marketing consent, …). Personal data.
    #[serde(default, serialize_with = "attributes_as_map")]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub attributes: Attributes,
}

impl CustomerRecord {
    /// `source/record_id`: the record's key everywhere in results.
    pub fn key(&self) -> String {
        // Put together by hand: a bulk load makes a million of these.
        let mut key = String::with_capacity(
            self.source
                .len()
                .saturating_add(1)
                .saturating_add(self.record_id.len()),
        );
        key.push_str(&self.source);
        key.push('/');
        key.push_str(&self.record_id);
        key
    }

    /// Starts the read of `source` and `record_id` (a bulk load's look-ahead).
    pub(crate) fn prefetch_ids(&self) {
        prefetch(self.source.as_str());
        prefetch(self.record_id.as_str());
    }

    /// Starts the read of the identifier list.
    pub(crate) fn prefetch_identifier_list(&self) {
        prefetch(self.identifiers.as_slice());
    }

    /// Starts the read of each identifier's kind and value (its list read already).
    pub(crate) fn prefetch_identifiers(&self) {
        for id in &self.identifiers {
            prefetch(id.kind.as_str());
            prefetch(id.value.as_str());
        }
    }

    /// Trims `source` and `record_id` and checks them as ids are checked
    /// (non-empty, at most 128 characters, no control characters); `source`
    /// may not hold a `/`, which ends it in the record's key (`a/b` + `c` and
    /// `a` + `b/c` would otherwise be one record, and one would replace the
    /// other). `at` is the record's place in its batch, for the error.
    /// Returns the key, made while the two are at hand.
    pub(crate) fn normalize(&mut self, at: usize) -> Result<String> {
        // Trimmed in place: most ids come trimmed, and a bulk load of a
        // million records should not copy two million strings to check them.
        let checked = |text: &mut String, name: &str| {
            let trimmed = crate::ids::validate(text).map_err(|reason| Error::InvalidId {
                field: format!("records[{at}].{name}"),
                value: text.clone(),
                reason,
            })?;
            if trimmed.len() != text.len() {
                *text = trimmed.to_string();
            }
            Ok(())
        };
        checked(&mut self.source, "source")?;
        if self.source.contains('/') {
            return Err(Error::InvalidId {
                field: format!("records[{at}].source"),
                value: self.source.clone(),
                reason:
                    "must not contain '/', which separates source and record id in a record's key"
                        .into(),
            });
        }
        checked(&mut self.record_id, "record_id")?;
        Ok(self.key())
    }
}

/// Which identifiers link records, how many a profile may hold, which
/// values never link, and whose attributes survive. Every field left out
/// of a serialized policy takes its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LinkPolicy {
    /// Kinds that link, strongest first (merges are tried in this order).
    pub link_kinds: Vec<String>,
    /// At most this many distinct values of a kind in one profile; a merge
    /// that would exceed it goes to the review queue instead.
    pub limits: BTreeMap<String, usize>,
    /// Exact values that never link (a store's own phone, a family's shared
    /// email), by kind: each is checked and normalised when the policy is
    /// loaded, so a value that could never match is an error, not a no-op.
    #[serde(default)]
    pub blocked: Vec<IdentifierInput>,
    /// Patterns of values clerks type when a shopper gives none
    /// (`noemail@…`, `5555555555`): they never link either.
    #[serde(default)]
    pub placeholders: Placeholders,
    /// Identifier kinds of the retailer's own (`web_account`, `card_token`)
    /// that records may carry besides `email`, `phone`, `loyalty` and the
    /// `link_kinds`. Any other kind on a record is an issue on that record
    /// (`Email`, `phone_number` and `""` are typos, not new kinds).
    #[serde(default)]
    pub kinds: Vec<String>,
    /// When a value people share (a landline, a family email) may link
    /// records by itself: not when their names or dates of birth clearly
    /// differ.
    #[serde(default)]
    pub households: Households,
    /// Conventions other than the canonical one that inbound hashed
    /// identifiers use (`phone_digits_only`, `email_lowercase`,
    /// `gmail_folded`): every clear value of their kind is also hashed
    /// that way, so such a hash links to it.
    #[serde(default)]
    pub hashed_conventions: Vec<HashConvention>,
    /// Gmail dot and `+tag` folding for emails (off by default).
    #[serde(default)]
    pub email_provider_rules: bool,
    /// The phone region for records that name none.
    pub default_region: String,
    /// The loyalty program's id format.
    #[serde(default)]
    pub loyalty_format: LoyaltyFormat,
    /// Sources in survivorship order, strongest first (then most recent wins).
    #[serde(default)]
    pub source_priority: Vec<String>,
}

impl Default for LinkPolicy {
    /// Loyalty, then email, then phone; at most 1 loyalty id, 3 emails and
    /// 2 phones per profile; no exact value blocked, the usual placeholders
    /// (see [`Placeholders`]) never link.
    fn default() -> Self {
        LinkPolicy {
            link_kinds: vec![LOYALTY.into(), EMAIL.into(), PHONE.into()],
            limits: [(LOYALTY, 1), (EMAIL, 3), (PHONE, 2)]
                .iter()
                .map(|(k, n)| (k.to_string(), *n))
                .collect(),
            blocked: Vec::new(),
            placeholders: Placeholders::default(),
            kinds: Vec::new(),
            households: Households::default(),
            hashed_conventions: Vec::new(),
            email_provider_rules: false,
            default_region: "US".into(),
            loyalty_format: LoyaltyFormat::default(),
            source_priority: Vec::new(),
        }
    }
}

impl LinkPolicy {
    /// Checks the policy, so a mistake is found when it is loaded rather
    /// than as an issue on every record: `default_region` must have a
    /// numbering plan, every limit be at least 1, the loyalty format's
    /// lengths be 1 ≤ `min_len` ≤ `max_len`, and `link_kinds` name each
    /// kind once. `INVALID_ARGUMENT`, naming the field.
    pub fn validate(&self) -> Result<()> {
        let region = self.default_region.trim().to_uppercase();
        if identifier::phone_region(&region).is_none() {
            return Err(Error::invalid_argument(
                "policy.default_region",
                format!("{:?}", self.default_region),
                "is not a region with a numbering plan (an ISO 3166 code such as US or GB)",
            ));
        }
        if let Some((kind, _)) = self.limits.iter().find(|(_, &n)| n == 0) {
            return Err(Error::invalid_argument(
                format!("policy.limits.{kind}"),
                0,
                "must be at least 1 (to stop a kind linking, leave it out of link_kinds)",
            ));
        }
        let format = &self.loyalty_format;
        if format.min_len == 0 || format.min_len > format.max_len {
            return Err(Error::invalid_argument(
                "policy.loyalty_format",
                format!("{}..={}", format.min_len, format.max_len),
                "needs 1 <= min_len <= max_len",
            ));
        }
        for (field, list) in [("link_kinds", &self.link_kinds), ("kinds", &self.kinds)] {
            for (i, kind) in list.iter().enumerate() {
                if !is_kind_name(kind) || list[..i].contains(kind) {
                    return Err(Error::invalid_argument(
                        format!("policy.{field}[{i}]"),
                        format!("{kind:?}"),
                        "must be a kind named once, in lower-case letters, digits and '_'",
                    ));
                }
            }
        }
        if self.known_kinds().count() > usize::from(u16::MAX) {
            return Err(Error::invalid_argument(
                "policy.kinds",
                self.kinds.len(),
                "a policy names at most 65,535 identifier kinds",
            ));
        }
        for (i, id) in self.blocked.iter().enumerate() {
            if let Err(e) = self.blocked_digest(id) {
                return Err(Error::invalid_argument(
                    format!("policy.blocked[{i}]"),
                    e.to_string(),
                    "must be a valid identifier of a known kind (it could never match otherwise)",
                ));
            }
        }
        for (i, c) in self.hashed_conventions.iter().enumerate() {
            if c.kind().is_none() || self.hashed_conventions[..i].contains(c) {
                return Err(Error::invalid_argument(
                    format!("policy.hashed_conventions[{i}]"),
                    c.name(),
                    "must be a convention other than canonical, named once",
                ));
            }
        }
        self.placeholders.validate()
    }

    /// Every kind a record may carry: the linking kinds in priority order,
    /// then the built-in kinds and the declared ones not among them.
    pub(crate) fn known_kinds(&self) -> impl Iterator<Item = &str> {
        let linking = self.link_kinds.iter().map(String::as_str);
        let rest = [EMAIL, PHONE, LOYALTY]
            .into_iter()
            .chain(self.kinds.iter().map(String::as_str))
            .filter(move |k| !self.link_kinds.iter().any(|l| l == k));
        let mut seen = Vec::new();
        linking.chain(rest).filter(move |k| {
            // Built-in kinds may also be declared; each is listed once.
            let new = !seen.contains(k);
            if new {
                seen.push(*k);
            }
            new
        })
    }

    /// Refuses a kind the policy does not know, suggesting the one meant.
    fn known(&self, id: &IdentifierInput) -> Result<()> {
        // Asked once per identifier of every record: a plain membership
        // test, not `known_kinds()` (which de-duplicates as it lists).
        let kind = id.kind.as_str();
        if [EMAIL, PHONE, LOYALTY].contains(&kind)
            || self.link_kinds.iter().chain(&self.kinds).any(|k| k == kind)
        {
            return Ok(());
        }
        let wanted = id.kind.trim().to_lowercase().replace(['-', ' '], "_");
        let hint = match self
            .known_kinds()
            .find(|k| wanted.starts_with(k) || *k == wanted)
        {
            Some(k) => format!(" (did you mean {k:?}?)"),
            None => " (declare a kind of your own in the policy's kinds)".into(),
        };
        Err(Error::InvalidIdentifier {
            kind: crate::input::shown(&id.kind, false),
            redacted: identifier::redact("", &id.value),
            reason: format!("is of an unknown kind{hint}"),
        })
    }

    /// The canonical form of a clear value of `kind` (a record's `region`
    /// overrides the default for phones).
    pub fn canonical(&self, kind: &str, value: &str, region: Option<&str>) -> Result<String> {
        match kind {
            EMAIL => identifier::normalize_email(value, self.email_provider_rules),
            PHONE => identifier::normalize_phone(value, region.unwrap_or(&self.default_region)),
            LOYALTY => identifier::normalize_loyalty(value, &self.loyalty_format),
            _ => {
                let folded = identifier::folded(kind, value)?;
                let v = folded.trim();
                if v.is_empty() {
                    return Err(Error::InvalidIdentifier {
                        kind: kind.into(),
                        redacted: String::new(),
                        reason: "is empty".into(),
                    });
                }
                Ok(v.to_string())
            }
        }
    }

    /// The canonical form of a clear value that may link: a placeholder
    /// (`noemail@store.com`, `5555555555`) is refused.
    fn linking_value(&self, kind: &str, value: &str, region: Option<&str>) -> Result<String> {
        match kind {
            EMAIL => {
                let email = identifier::normalize_email(value, self.email_provider_rules)?;
                self.placeholders.check_email(&email, value)?;
                Ok(email)
            }
            PHONE => {
                let region = region.unwrap_or(&self.default_region);
                let (phone, national) = identifier::parse_phone(value, region)?;
                self.placeholders.check_phone(national, value)?;
                Ok(phone)
            }
            _ => self.canonical(kind, value, region),
        }
    }

    /// The linking key of an identifier: its kind and the SHA-256 hex of
    /// its canonical value, so clear and hashed forms of one value meet.
    pub fn key(&self, id: &IdentifierInput, region: Option<&str>) -> Result<(String, String)> {
        Ok((id.kind.clone(), identifier::hex(&self.digest(id, region)?)))
    }

    /// The SHA-256 of an identifier's canonical value (a hashed identifier's
    /// own digest, read from its hex).
    /// A kind the policy does not know, or a clear value that is a
    /// placeholder, is `INVALID_IDENTIFIER`.
    pub(crate) fn digest(&self, id: &IdentifierInput, region: Option<&str>) -> Result<[u8; 32]> {
        self.digest_of(id, region, true)
    }

    /// [`LinkPolicy::digest`] of a value named to block (a policy's or a
    /// person's): a placeholder may be named too, it is blocked either way.
    pub(crate) fn blocked_digest(&self, id: &IdentifierInput) -> Result<[u8; 32]> {
        if id.hashed
            && id
                .convention
                .is_some_and(|c| c != HashConvention::Canonical)
        {
            return Err(Error::InvalidIdentifier {
                kind: id.kind.clone(),
                redacted: identifier::redact("", &id.value),
                reason: "a blocked value is named clear or by its canonical hash".into(),
            });
        }
        self.digest_of(id, None, false)
    }

    fn digest_of(
        &self,
        id: &IdentifierInput,
        region: Option<&str>,
        placeholders: bool,
    ) -> Result<[u8; 32]> {
        self.known(id)?;
        if !id.hashed {
            let value = if placeholders {
                self.linking_value(&id.kind, &id.value, region)?
            } else {
                self.canonical(&id.kind, &id.value, region)?
            };
            return Ok(identifier::sha256(&value));
        }
        let h = id.value.trim();
        let bad = || Error::InvalidIdentifier {
            kind: id.kind.clone(),
            redacted: identifier::redact("", h),
            reason: "a hashed identifier is 64 hex digits of SHA-256".into(),
        };
        identifier::unhex(h).ok_or_else(bad)
    }
}

/// A kind's name: lower-case ASCII letters, digits and `_`, starting with a letter.
fn is_kind_name(kind: &str) -> bool {
    kind.len() <= 64
        && kind.starts_with(|c: char| c.is_ascii_lowercase())
        && kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Values clerks and forms type when a shopper gives none. Matching values
/// never link and are listed as issues on their records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Placeholders {
    /// Email local parts that mean "no email" on any domain, compared with
    /// dots, dashes, underscores and a `+tag` removed (`no.email+1@shop.com`
    /// is `noemail`).
    pub email_local_parts: Vec<String>,
    /// Phones whose national number is one digit repeated (`555 555 5555`)
    /// or a run of consecutive digits (`123 456 7890`).
    pub phone_repeated_digits: bool,
}

impl Default for Placeholders {
    fn default() -> Self {
        let parts = [
            "noemail",
            "none",
            "na",
            "no",
            "nomail",
            "noreply",
            "donotreply",
            "dontemail",
            "notavailable",
            "unknown",
            "null",
            "nil",
            "test",
            "xxx",
            "declined",
            "refused",
            "nobody",
            "customer",
            "email",
        ];
        Placeholders {
            email_local_parts: parts.iter().map(|p| p.to_string()).collect(),
            phone_repeated_digits: true,
        }
    }
}

impl Placeholders {
    /// A local part as the patterns compare it, lower-cased, character by
    /// character (every email of a load is compared with every pattern:
    /// no copies).
    fn local_key(local: &str) -> impl Iterator<Item = char> + Clone + '_ {
        let local = local.split('+').next().unwrap_or(local);
        local
            .chars()
            .filter(|c| !matches!(c, '.' | '-' | '_'))
            .flat_map(char::to_lowercase)
    }

    /// Every pattern is a non-empty local part once compared as they are.
    fn validate(&self) -> Result<()> {
        for (i, part) in self.email_local_parts.iter().enumerate() {
            let key: String = Self::local_key(part.trim()).collect();
            if key.is_empty() || key.contains('@') || key.chars().any(char::is_whitespace) {
                return Err(Error::invalid_argument(
                    format!("policy.placeholders.email_local_parts[{i}]"),
                    format!("{part:?}"),
                    "must be an email's local part (the text before @)",
                ));
            }
        }
        Ok(())
    }

    /// Refuses a canonical email whose local part is a placeholder.
    fn check_email(&self, email: &str, value: &str) -> Result<()> {
        let local = Self::local_key(email.split('@').next().unwrap_or(email));
        let length = local.clone().count();
        let hit = self.email_local_parts.iter().any(|p| {
            let p = p.trim();
            // An ASCII pattern's key is at most as long as the pattern.
            (!p.is_ascii() || length <= p.len()) && Self::local_key(p).eq(local.clone())
        });
        if hit {
            return Err(placeholder(
                EMAIL,
                value,
                "its local part says no email was given",
            ));
        }
        Ok(())
    }

    /// Refuses a phone whose national number is one digit repeated or a run.
    fn check_phone(&self, national: u64, value: &str) -> Result<()> {
        if !self.phone_repeated_digits {
            return Ok(());
        }
        let digits = national.to_string();
        let digits = digits.as_bytes();
        // Each digit's step to the next, mod 10 (ASCII digits: no overflow).
        let all = |step: u8| {
            digits
                .windows(2)
                .all(|w| w[1].wrapping_add(10).wrapping_sub(w[0]) % 10 == step)
        };
        if digits.len() >= 6 && (all(0) || all(1) || all(9)) {
            return Err(placeholder(
                PHONE,
                value,
                "its digits are a placeholder (one digit repeated, or a run)",
            ));
        }
        Ok(())
    }
}

fn placeholder(kind: &str, value: &str, why: &str) -> Error {
    Error::InvalidIdentifier {
        kind: kind.into(),
        redacted: identifier::redact(kind, value),
        reason: format!("is a placeholder and never links: {why}"),
    }
}

/// Households: four people on one landline, a couple with one email. A
/// value of one of `kinds` joins two sides only if their names and dates of
/// birth do not clearly differ; otherwise the merge goes to the review
/// queue with why, for a person to decide. A person's always-link or
/// accepted review still joins them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Households {
    /// Kinds a household shares (default: `phone`, `email`); empty turns the check off.
    pub kinds: Vec<String>,
    /// Attributes holding a person's name, the first present wins (default:
    /// `given_name`, `first_name`, `name`). Of a full name the given name
    /// is compared (`Lee, Ann` and `Mrs Ann Lee` give `ann`).
    pub name_attributes: Vec<String>,
    /// Attributes holding a date of birth, the first present wins (default:
    /// `date_of_birth`, `birth_date`, `dob`), compared by its digits.
    pub birth_date_attributes: Vec<String>,
}

impl Default for Households {
    fn default() -> Self {
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        Households {
            kinds: list(&[EMAIL, PHONE]),
            name_attributes: list(&["given_name", "first_name", "name"]),
            birth_date_attributes: list(&["date_of_birth", "birth_date", "dob"]),
        }
    }
}
