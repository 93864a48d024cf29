//! Seeded, portable random number generators.
//!
//! Every random draw in the crate comes from a generator built here, from an
//! explicit seed. ChaCha8 is used because its output stream is specified
//! independently of the platform and of the `rand` version (unlike `StdRng`
//! or `SmallRng`), so a seed printed in a paper reproduces the same run
//! anywhere.

use rand::SeedableRng;
pub use rand_chacha::ChaCha8Rng as DetRng;

/// A generator seeded from `seed`.
///
/// ```
/// use rand::Rng;
/// let mut a = detente::rng::seeded(7);
/// let mut b = detente::rng::seeded(7);
/// assert_eq!(a.random::<u64>(), b.random::<u64>());
/// ```
pub fn seeded(seed: u64) -> DetRng {
    DetRng::seed_from_u64(seed)
}

/// The generator of stream `index` under `seed`: run `i` of an experiment
/// uses `derived(seed, &[i])`, a sweep point `p` run `i` uses
/// `derived(seed, &[p, i])`. Streams are independent of how work is split
/// across threads or machines.
///
/// ```
/// use rand::Rng;
/// let x: u64 = detente::rng::derived(1, &[3]).random();
/// let y: u64 = detente::rng::derived(1, &[4]).random();
/// assert_ne!(x, y);
/// assert_eq!(x, detente::rng::derived(1, &[3]).random::<u64>());
/// ```
pub fn derived(seed: u64, path: &[u64]) -> DetRng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&splitmix(seed).to_le_bytes());
    let mut h = splitmix(seed ^ 0x5EED_5EED_5EED_5EED);
    for (k, &p) in path.iter().enumerate() {
        h = splitmix(h ^ splitmix(p.wrapping_add(k as u64 + 1)));
    }
    key[8..16].copy_from_slice(&h.to_le_bytes());
    key[16..24].copy_from_slice(&splitmix(h ^ 1).to_le_bytes());
    key[24..32].copy_from_slice(&(path.len() as u64).to_le_bytes());
    DetRng::from_seed(key)
}

/// One SplitMix64 step: a bijective 64-bit mixer.
pub fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
