//! A retailer's secret for keyed identifiers: profile ids and exported
//! identifier hashes as HMAC-SHA-256 under it, so a phone number cannot be
//! recovered from a review item by hashing every number (about a second
//! for a country's numbering plan when the hash is plain SHA-256).

use crate::error::{Error, Result};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The fewest bytes a secret may have (128 bits).
const MIN_LEN: usize = 16;

/// A secret key, held as the HMAC keyed with it. Never shown.
#[derive(Clone)]
pub(crate) struct Secret(Hmac<Sha256>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Two secrets are equal when their fingerprints are.
impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.fingerprint() == other.fingerprint()
    }
}

impl Eq for Secret {}

impl Secret {
    /// A secret of at least 16 bytes (`INVALID_ARGUMENT` otherwise).
    pub fn new(bytes: &[u8]) -> Result<Secret> {
        if bytes.len() < MIN_LEN {
            return Err(Error::invalid_argument(
                "secret",
                format!("{} bytes", bytes.len()),
                "a secret has at least 16 bytes (32 random bytes recommended)",
            ));
        }
        let mac = Hmac::<Sha256>::new_from_slice(bytes).map_err(|_| {
            Error::invalid_argument("secret", format!("{} bytes", bytes.len()), "is not a key")
        })?;
        Ok(Secret(mac))
    }

    /// HMAC-SHA-256 of `parts`, each length-prefixed so no two lists of
    /// parts give one message.
    pub fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = self.0.clone();
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    /// What a snapshot keeps to tell whether a secret is the one it was
    /// written with: 8 bytes of a MAC of a fixed label, in hex.
    pub fn fingerprint(&self) -> String {
        super::identifier::hex(&self.mac(&[b"seamline.customers/fingerprint"])[..8])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_is_rfc_4231s() {
        // RFC 4231 test case 2 is for an unprefixed message; check the
        // primitive itself against it, then the prefixing.
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            super::super::identifier::hex(&mac.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let s = Secret::new(&[7; 32]).unwrap();
        assert_ne!(s.mac(&[b"ab", b"c"]), s.mac(&[b"a", b"bc"]));
        assert_eq!(
            Secret::new(b"short").unwrap_err().code(),
            crate::ErrorCode::InvalidArgument
        );
        assert_eq!(format!("{s:?}"), "Secret(…)");
        assert_eq!(s, Secret::new(&[7; 32]).unwrap());
        assert_ne!(s, Secret::new(&[8; 32]).unwrap());
    }
}
