//! How a pack file's content is recognised as unchanged since it was last loaded. Shared with the
//! build script, which works out the bundled packs' hashes once, so that a start with an unchanged
//! bank neither copies nor reads their text.

use sha2::{Digest, Sha256};

/// Bumped when loading rules change, so every pack is loaded again once under the new rules.
pub const LOADER_VERSION: &str = "onsite-pack-loader-2";

/// The hash stored beside a loaded pack file: of its text under the loading rules of this version.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::new()
        .chain_update(LOADER_VERSION)
        .chain_update(text)
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
