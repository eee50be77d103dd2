//! The app's state, in small contexts by concern, each provided once by the
//! top-level component so a component takes only what it uses: what the
//! user chose ([`settings`]), what they look for ([`search`]), what the map
//! shows and is asked to show ([`map_link`]), what has loaded
//! ([`startup`]), and the notices on screen ([`notices`]).

pub mod home;
pub mod map_link;
pub mod notices;
pub mod regions;
pub mod search;
pub mod settings;
pub mod startup;
