//! One file per widget or screen.

mod about_page;
mod badges;
mod chips;
mod correction_form;
mod data_note;
mod export;
mod facility_page;
mod filters;
mod locate;
mod network_page;
mod notices;
mod read_aloud;
mod results_list;
mod results_panel;
mod search_box;
mod settings;
mod sheet;
mod status;

pub use about_page::AboutPage;
pub use facility_page::FacilityPage;
pub use network_page::NetworkPage;
pub use notices::Notices;
pub use results_panel::ResultsPanel;
pub use search_box::SearchBox;
pub use settings::Settings;
pub use sheet::Sheet;
pub use status::{LoadFailed, Loading};
