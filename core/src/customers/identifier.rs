//! Customer identifiers: one normal form per kind, and one hash of it, so
//! every channel links (and hashes) the same shopper identically.
//!
//! Clear emails and phone numbers never appear in `Debug` output or error
//! messages: [`redact`] shows enough to recognise a value, never the value.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// The kinds Seamline knows how to normalise; any other kind (a web account
/// id, a card token) is trimmed only.
pub const EMAIL: &str = "email";
/// A phone number, normalised to E.164.
pub const PHONE: &str = "phone";
/// A loyalty card or member id.
pub const LOYALTY: &str = "loyalty";

/// Emails, in the form mail systems and ad platforms compare them:
///
/// - Unicode compatibility folding (NFKC: full-width `ａｎｎ` is `ann`),
///   then trimmed and lower-cased;
/// - an invisible character anywhere (zero-width space, byte-order mark,
///   soft hyphen: Unicode's default-ignorable code points) is refused, since
///   it would make a different identity of what a person reads as the same;
/// - the domain in its ASCII form (IDNA/UTS 46: `bücher.de` is
///   `xn--bcher-kva.de`), without the root's trailing dot (`example.com.`);
/// - with `provider_rules`, Gmail's own rules: `googlemail.com` is
///   `gmail.com`, and dots and a `+tag` in the local part are dropped, since
///   Gmail delivers all of those to one inbox. No other provider is folded:
///   most deliver `a.b@` and `ab@` to different people.
pub fn normalize_email(value: &str, provider_rules: bool) -> Result<String> {
    let bad = |reason: &str| Error::InvalidIdentifier {
        kind: EMAIL.into(),
        redacted: redact(EMAIL, value),
        reason: reason.into(),
    };
    let email = folded(EMAIL, value)?.trim().to_lowercase();
    let (local, domain) = email.split_once('@').ok_or_else(|| bad("has no @"))?;
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("contains spaces or control characters"));
    }
    let stripped = domain.strip_suffix('.');
    let domain = stripped.unwrap_or(domain);
    if local.is_empty() || domain.contains('@') || !domain.contains('.') {
        return Err(bad("expected local@domain.tld"));
    }
    // An ASCII domain is its own ASCII form (most of a bulk load).
    let domain = if domain.is_ascii() {
        Cow::Borrowed(domain)
    } else {
        Cow::Owned(
            idna::domain_to_ascii_strict(domain)
                .map_err(|_| bad("the domain is not a valid internationalised domain name"))?,
        )
    };
    if !is_host_name(&domain) {
        return Err(bad(
            "the domain is not a host name (labels of letters, digits and inner hyphens)",
        ));
    }
    if provider_rules && (domain == "gmail.com" || domain == "googlemail.com") {
        let local = local.split('+').next().unwrap_or(local).replace('.', "");
        if local.is_empty() {
            return Err(bad("has nothing before its +tag"));
        }
        return Ok(format!("{local}@gmail.com"));
    }
    if stripped.is_none() && matches!(domain, Cow::Borrowed(_)) {
        // Already canonical (most addresses): no second copy.
        return Ok(email);
    }
    Ok(format!("{local}@{domain}"))
}

/// An ASCII host name as RFC 1123 writes one: at most 253 characters in
/// dot-separated labels of 1 to 63 letters, digits and inner hyphens.
fn is_host_name(domain: &str) -> bool {
    domain.len() <= 253
        && domain.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// A value after Unicode compatibility folding (NFKC), once [`visible`]
/// accepts it; ASCII text is already folded and is returned as it is.
pub(crate) fn folded<'a>(kind: &str, value: &'a str) -> Result<Cow<'a, str>> {
    if value.is_ascii() {
        return Ok(Cow::Borrowed(value));
    }
    visible(kind, value)?;
    Ok(Cow::Owned(value.nfkc().collect()))
}

/// Refuses a value holding an invisible character: one of Unicode's
/// default-ignorable code points (`DerivedCoreProperties.txt`), which
/// renders as nothing, so `ann@x.com` and `ann\u{200B}@x.com` look alike
/// and would hash apart.
pub(crate) fn visible(kind: &str, value: &str) -> Result<()> {
    match value.chars().find(|&c| is_default_ignorable(c)) {
        None => Ok(()),
        Some(c) => Err(Error::InvalidIdentifier {
            kind: kind.into(),
            redacted: redact(kind, value),
            reason: format!(
                "contains an invisible character (U+{:04X}); remove it and send the value again",
                u32::from(c)
            ),
        }),
    }
}

/// Unicode 16's `Default_Ignorable_Code_Point` ranges.
fn is_default_ignorable(c: char) -> bool {
    matches!(u32::from(c),
        0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5
        | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F
        | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

/// Phones: parsed with the numbering plan of `default_region` (an ISO 3166
/// code, the store's country) unless the number carries its own `+` country
/// code, validated against libphonenumber's metadata, and written in E.164
/// (`+14155550123`). An extension is part of the identity (two colleagues
/// on one switchboard are two people): it is kept as RFC 3966 writes it,
/// `+14155550123;ext=12`.
pub fn normalize_phone(value: &str, default_region: &str) -> Result<String> {
    parse_phone(value, default_region).map(|(canonical, _)| canonical)
}

/// A phone's canonical form and its national significant number (the
/// digits after the country code, for the placeholder check).
pub(crate) fn parse_phone(value: &str, default_region: &str) -> Result<(String, u64)> {
    use rlibphonenumber::{PhoneNumberFormat, PHONE_NUMBER_UTIL};
    let bad = |reason: String| Error::InvalidIdentifier {
        kind: PHONE.into(),
        redacted: redact(PHONE, value),
        reason,
    };
    let code = default_region.trim();
    // Asked for every phone of a load: copied only when not upper case already.
    let code = if code.bytes().all(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(code)
    } else {
        Cow::Owned(code.to_uppercase())
    };
    let region = phone_region(&code)
        .ok_or_else(|| bad(format!("unknown default region {default_region:?}")))?;
    let number = PHONE_NUMBER_UTIL
        .parse(folded(PHONE, value)?.trim(), Some(region))
        .map_err(|e| bad(format!("does not parse as a phone number ({e})")))?;
    if !is_valid(&number, region) {
        return Err(bad(format!(
            "is not a valid number in its region's numbering plan ({code} by default)"
        )));
    }
    let mut e164 = PHONE_NUMBER_UTIL
        .format(&number, PhoneNumberFormat::E164)
        .into_owned();
    if let Some(ext) = number.extension.as_deref().filter(|e| !e.is_empty()) {
        e164.push_str(EXTENSION);
        e164.push_str(ext);
    }
    Ok((e164, number.national_number))
}

/// libphonenumber's `is_valid_number`, asked of the default region first.
/// That check finds the number's region, trying its calling code's regions
/// in order, and asks whether the number is valid there; the first region
/// of a calling code is tried first, so a number valid in it is valid, and
/// most of a load's numbers are local: the search is skipped for them.
fn is_valid(number: &rlibphonenumber::PhoneNumber, region: rlibphonenumber::Region) -> bool {
    use rlibphonenumber::PHONE_NUMBER_UTIL;
    let first = PHONE_NUMBER_UTIL.get_region_for_country_code(number.country_code);
    (first == Some(region) && PHONE_NUMBER_UTIL.is_valid_number_for_region(number, region))
        || PHONE_NUMBER_UTIL.is_valid_number(number)
}

/// What separates a phone's extension in its canonical form (RFC 3966).
const EXTENSION: &str = ";ext=";

/// A canonical phone without its extension: the line an ad platform knows.
fn line(canonical: &str) -> &str {
    canonical
        .split_once(EXTENSION)
        .map_or(canonical, |(line, _)| line)
}

/// The numbering plan of a region (an upper-case ISO 3166 code), if
/// libphonenumber has one (`ZZ`, its "unknown region", has none).
pub(crate) fn phone_region(code: &str) -> Option<rlibphonenumber::Region> {
    use rlibphonenumber::{Region, PHONE_NUMBER_UTIL};
    let region = Region::from_code(code).ok()?;
    PHONE_NUMBER_UTIL
        .get_country_code_for_region(region)
        .map(|_| region)
}

/// Loyalty ids: spaces and dashes removed, upper-cased, then checked
/// against the program's format: `min_len..=max_len` characters, digits
/// only when `digits_only`.
pub fn normalize_loyalty(value: &str, format: &LoyaltyFormat) -> Result<String> {
    // Compatibility folding first: full-width digits typed through an IME are digits.
    let folded = folded(LOYALTY, value)?;
    let kept = |c: &char| !c.is_whitespace() && *c != '-';
    let id: String = if folded.is_ascii() {
        // Most cards: byte by byte, into one allocation of the right size.
        let mut id = String::with_capacity(folded.len());
        id.extend(folded.chars().filter(kept).map(|c| c.to_ascii_uppercase()));
        id
    } else {
        folded
            .chars()
            .filter(kept)
            .flat_map(char::to_uppercase)
            .collect()
    };
    let bad = |reason: String| Error::InvalidIdentifier {
        kind: LOYALTY.into(),
        redacted: redact(LOYALTY, value),
        reason,
    };
    let len = id.chars().count();
    if len < format.min_len || len > format.max_len {
        return Err(bad(format!(
            "has {len} characters, the program's ids have {} to {}",
            format.min_len, format.max_len
        )));
    }
    if format.digits_only && !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad("the program's ids are digits only".into()));
    }
    if !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(bad("only letters and digits are allowed".into()));
    }
    Ok(id)
}

/// A loyalty program's id format.
#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct LoyaltyFormat {
    /// Fewest characters (after spaces and dashes are removed).
    #[serde(default = "default_min")]
    pub min_len: usize,
    /// Most characters.
    #[serde(default = "default_max")]
    pub max_len: usize,
    /// Digits only (a card number), or letters and digits.
    #[serde(default)]
    pub digits_only: bool,
}

fn default_min() -> usize {
    4
}

fn default_max() -> usize {
    32
}

impl Default for LoyaltyFormat {
    fn default() -> Self {
        LoyaltyFormat {
            min_len: default_min(),
            max_len: default_max(),
            digits_only: false,
        }
    }
}

/// SHA-256 of `text`.
pub(crate) fn sha256(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Lower-case hex of a digest.
pub(crate) fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(digest.len().saturating_mul(2));
    for byte in digest {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

/// A SHA-256 digest from its 64 hex digits (either case).
#[allow(
    clippy::arithmetic_side_effects,
    reason = "hex pairs of a 32-byte digest: indices below 64"
)]
pub(crate) fn unhex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut digest = [0u8; 32];
    for (i, byte) in digest.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(digest)
}

/// Lower-case hex SHA-256 of `text`.
pub fn sha256_hex(text: &str) -> String {
    hex(&sha256(text))
}

/// How a destination (an ad platform, a partner) wants a hashed identifier.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum HashConvention {
    /// SHA-256 hex of the canonical value (E.164 with its `+` for phones).
    Canonical,
    /// Phones: SHA-256 hex of the E.164 digits without the `+`.
    PhoneDigitsOnly,
    /// Emails: Gmail dot and `+tag` folding (gmail.com, googlemail.com) before hashing.
    GmailFolded,
    /// Emails: trimmed and lower-cased only, never provider-folded (what
    /// most ad platforms hash), whatever the book's provider rules.
    EmailLowercase,
}

impl HashConvention {
    /// The kind a convention other than `Canonical` is for.
    pub(crate) fn kind(self) -> Option<&'static str> {
        match self {
            HashConvention::Canonical => None,
            HashConvention::PhoneDigitsOnly => Some(PHONE),
            HashConvention::GmailFolded | HashConvention::EmailLowercase => Some(EMAIL),
        }
    }

    /// Every convention, in the order errors list them.
    const ALL: [HashConvention; 4] = [
        HashConvention::Canonical,
        HashConvention::PhoneDigitsOnly,
        HashConvention::GmailFolded,
        HashConvention::EmailLowercase,
    ];

    /// The convention a binding's caller named (`"phone_digits_only"`);
    /// any other name is `INVALID_ARGUMENT` on `convention`, listing them.
    pub fn from_name(name: &str) -> Result<HashConvention> {
        Self::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|c| c.name()).collect();
                Error::invalid_argument(
                    "convention",
                    format!("{name:?}"),
                    format!("expected one of {}", names.join(", ")),
                )
            })
    }

    /// Its name as written (`phone_digits_only`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            HashConvention::Canonical => "canonical",
            HashConvention::PhoneDigitsOnly => "phone_digits_only",
            HashConvention::GmailFolded => "gmail_folded",
            HashConvention::EmailLowercase => "email_lowercase",
        }
    }

    /// The text this convention hashes for a clear `value` of its kind
    /// (`canonical` is the value's canonical form); none when it has no
    /// such form (a phone with an extension: an ad platform knows the
    /// line, which colleagues share).
    pub(crate) fn form(self, value: &str, canonical: &str) -> Option<String> {
        match self {
            HashConvention::Canonical => Some(canonical.to_string()),
            HashConvention::PhoneDigitsOnly => (!canonical.contains(EXTENSION))
                .then(|| canonical.trim_start_matches('+').to_string()),
            HashConvention::GmailFolded => normalize_email(value, true).ok(),
            HashConvention::EmailLowercase => normalize_email(value, false).ok(),
        }
    }
}

/// The hash of an already-canonical value as a destination wants it. A
/// phone's extension is ours, not a destination's: `PhoneDigitsOnly` hashes
/// the line alone; `Canonical` hashes the whole canonical value, the form
/// Seamline links on.
pub fn render_hash(kind: &str, canonical: &str, convention: HashConvention) -> Result<String> {
    Ok(match (convention, kind) {
        (HashConvention::Canonical, _) => sha256_hex(canonical),
        (HashConvention::PhoneDigitsOnly, PHONE) => {
            sha256_hex(line(canonical).trim_start_matches('+'))
        }
        (HashConvention::GmailFolded, EMAIL) => sha256_hex(&normalize_email(canonical, true)?),
        (HashConvention::EmailLowercase, EMAIL) => sha256_hex(&normalize_email(canonical, false)?),
        (convention, kind) => {
            return Err(Error::invalid_argument(
                "convention",
                format!("{convention:?}"),
                format!("does not apply to {kind} identifiers"),
            ))
        }
    })
}

/// A recognisable but unreadable form of an identifier for logs and errors:
/// `j…@e…` for an email, the last two digits of a phone, the first and last
/// character otherwise.
pub fn redact(kind: &str, value: &str) -> String {
    let v = value.trim();
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    match kind {
        EMAIL => match v.split_once('@') {
            Some((local, domain)) => format!("{}…@{}…", first(local), first(domain)),
            None => format!("{}…", first(v)),
        },
        PHONE => {
            let digits: Vec<char> = v.chars().filter(char::is_ascii_digit).collect();
            let tail: String = digits[digits.len().saturating_sub(2)..].iter().collect();
            format!("…{tail}")
        }
        _ => {
            let chars: Vec<char> = v.chars().collect();
            match chars.len() {
                0 => String::new(),
                1..=2 => "…".into(),
                _ => format!("{}…{}", chars[0], chars[chars.len().saturating_sub(1)]),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn emails_are_trimmed_and_lower_cased_and_gmail_folds_only_when_asked() {
        assert_eq!(
            normalize_email("  Ann.Lee+shop@GMail.com ", false).unwrap(),
            "ann.lee+shop@gmail.com"
        );
        assert_eq!(
            normalize_email("Ann.Lee+shop@GMail.com", true).unwrap(),
            "annlee@gmail.com"
        );
        assert_eq!(
            normalize_email("ann.lee+x@example.com", true).unwrap(),
            "ann.lee+x@example.com"
        );
        let err = normalize_email("ann.lee@example", false).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidIdentifier);
        assert!(!err.to_string().contains("ann.lee"), "{err}");
    }

    #[test]
    fn phones_become_e164_with_the_stores_region() {
        assert_eq!(
            normalize_phone("(415) 555-2671", "US").unwrap(),
            "+14155552671"
        );
        assert_eq!(
            normalize_phone("+1 415 555 2671", "GB").unwrap(),
            "+14155552671"
        );
        assert_eq!(
            normalize_phone("020 7946 0018", "gb").unwrap(),
            "+442079460018"
        );
        let err = normalize_phone("555", "US").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidIdentifier);
        assert_eq!(
            normalize_phone("0000000000", "US").unwrap_err().code(),
            ErrorCode::InvalidIdentifier
        );
        assert!(normalize_phone("4155552671", "XX").is_err());
    }

    #[test]
    fn loyalty_ids_follow_the_programs_format() {
        let cards = LoyaltyFormat {
            min_len: 8,
            max_len: 8,
            digits_only: true,
        };
        assert_eq!(normalize_loyalty("1234-5678", &cards).unwrap(), "12345678");
        assert_eq!(
            normalize_loyalty("1234567", &cards).unwrap_err().code(),
            ErrorCode::InvalidIdentifier
        );
        assert_eq!(
            normalize_loyalty("ab-12 cd", &LoyaltyFormat::default()).unwrap(),
            "AB12CD"
        );
    }

    #[test]
    fn hashes_follow_each_destinations_convention() {
        // SHA-256("abc"), the FIPS 180-2 test vector.
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let e164 = normalize_phone("(415) 555-2671", "US").unwrap();
        assert_eq!(
            render_hash(PHONE, &e164, HashConvention::Canonical).unwrap(),
            sha256_hex("+14155552671")
        );
        assert_eq!(
            render_hash(PHONE, &e164, HashConvention::PhoneDigitsOnly).unwrap(),
            sha256_hex("14155552671")
        );
        assert_eq!(
            render_hash(EMAIL, "ann.lee+x@gmail.com", HashConvention::GmailFolded).unwrap(),
            sha256_hex("annlee@gmail.com")
        );
        assert_eq!(
            render_hash(PHONE, &e164, HashConvention::GmailFolded)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn redaction_never_shows_the_value() {
        assert_eq!(redact(EMAIL, "ann.lee@example.com"), "a…@e…");
        assert_eq!(redact(PHONE, "+14155552671"), "…71");
        assert_eq!(redact(LOYALTY, "12345678"), "1…8");
    }
}

#[cfg(test)]
mod normalisation_tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn internationalised_domains_meet_their_ascii_form() {
        // The IDNA test value of RFC 3492's era: bücher.de is xn--bcher-kva.de.
        let unicode = normalize_email("ann@bücher.de", false).unwrap();
        assert_eq!(unicode, "ann@xn--bcher-kva.de");
        assert_eq!(
            normalize_email("Ann@XN--BCHER-KVA.DE", false).unwrap(),
            unicode
        );
        assert_eq!(normalize_email("ann@BÜCHER.de", false).unwrap(), unicode);
        assert_eq!(
            normalize_email("ann@b\u{fffd}cher.de", false)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidIdentifier
        );
    }

    #[test]
    fn compatibility_forms_fold_and_invisible_characters_are_refused() {
        // Full-width letters and the full-width at sign (U+FF20).
        assert_eq!(
            normalize_email("ＡＮＮ＠example.com", false).unwrap(),
            "ann@example.com"
        );
        for sneaky in [
            "ann\u{200b}@example.com",
            "\u{feff}ann@example.com",
            "an\u{00ad}n@example.com",
            "ann@exa\u{2060}mple.com",
        ] {
            let err = normalize_email(sneaky, false).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidIdentifier, "{sneaky:?}");
            assert!(err.to_string().contains("invisible"), "{err}");
            assert!(!err.to_string().contains("ann"), "{err}");
        }
        assert!(normalize_phone("415\u{200b}5552671", "US").is_err());
        assert_eq!(
            normalize_loyalty("１２３４５６７８", &LoyaltyFormat::default()).unwrap(),
            "12345678"
        );
    }

    #[test]
    fn the_roots_trailing_dot_is_the_same_domain() {
        assert_eq!(
            normalize_email("ann@example.com.", false).unwrap(),
            "ann@example.com"
        );
        assert!(normalize_email("ann@example.com..", false).is_err());
    }

    #[test]
    fn googlemail_is_gmail_under_provider_rules_only() {
        assert_eq!(
            normalize_email("Ann.Lee+x@googlemail.com", true).unwrap(),
            "annlee@gmail.com"
        );
        assert_eq!(
            normalize_email("ann.lee@googlemail.com", false).unwrap(),
            "ann.lee@googlemail.com"
        );
        assert_eq!(
            normalize_email("+x@gmail.com", true).unwrap_err().code(),
            ErrorCode::InvalidIdentifier
        );
    }

    #[test]
    fn a_convention_is_named_as_written_and_any_other_name_lists_them() {
        for c in HashConvention::ALL {
            assert_eq!(HashConvention::from_name(c.name()).unwrap(), c);
        }
        let err = HashConvention::from_name("PhoneDigitsOnly").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        let text = err.to_string();
        assert!(
            text.contains("convention") && text.contains("email_lowercase"),
            "{text}"
        );
    }

    #[test]
    fn a_phone_extension_is_part_of_the_identity() {
        let a = normalize_phone("(415) 555-2671 ext. 12", "US").unwrap();
        let b = normalize_phone("415-555-2671 x47", "US").unwrap();
        assert_eq!(a, "+14155552671;ext=12");
        assert_eq!(b, "+14155552671;ext=47");
        assert_ne!(a, normalize_phone("415 555 2671", "US").unwrap());
        // An ad platform knows the line: digits-only hashing drops the extension.
        assert_eq!(
            render_hash(PHONE, &a, HashConvention::PhoneDigitsOnly).unwrap(),
            sha256_hex("14155552671")
        );
    }

    /// Regions that share a calling code with others (+1, +7, +44, +39,
    /// +61, +358) and some that do not.
    const REGIONS: &[&str] = &[
        "US", "CA", "JM", "AG", "PR", "DO", "GB", "GG", "JE", "IM", "RU", "KZ", "IT", "VA", "FR",
        "DE", "IN", "AU", "CX", "CC", "NZ", "BR", "JP", "FI", "AX",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        /// The default region asked first decides exactly as libphonenumber's
        /// own `is_valid_number`: numbers near one region's valid ones (its
        /// example mobile or fixed line with the last digits changed), read
        /// under another region's default.
        #[test]
        fn validity_asked_of_the_default_region_first_is_libphonenumbers(
            near in proptest::sample::select(REGIONS),
            default in proptest::sample::select(REGIONS),
            mobile in proptest::bool::ANY,
            tail in "[0-9]{1,5}",
            plus in proptest::bool::ANY,
        ) {
            use rlibphonenumber::{PhoneNumberType, PHONE_NUMBER_UTIL};
            let kind = if mobile { PhoneNumberType::Mobile } else { PhoneNumberType::FixedLine };
            let example = PHONE_NUMBER_UTIL
                .get_example_number_for_type_and_region(phone_region(near).unwrap(), kind)
                .unwrap();
            let national = example.national_number.to_string();
            let kept = national.len().saturating_sub(tail.len());
            let digits = format!("{}{tail}", &national[..kept]);
            let text = if plus {
                format!("+{}{digits}", example.country_code)
            } else {
                digits
            };
            let region = phone_region(default).unwrap();
            if let Ok(number) = PHONE_NUMBER_UTIL.parse(&text, Some(region)) {
                proptest::prop_assert_eq!(
                    is_valid(&number, region),
                    PHONE_NUMBER_UTIL.is_valid_number(&number),
                    "{}", text
                );
            }
        }
    }
}
