//! Library behind the `datakit` command: reading source data, checking it,
//! compiling it, and asking the compiled dataset questions.

pub mod boundaries;
pub mod build;
pub mod consistency;
pub mod corrections;
pub mod exceptions;
pub mod exchange;
pub mod facts;
pub mod facts_import;
pub mod files;
pub mod geocheck;
pub mod holidays;
pub mod keepers;
pub mod lists;
pub mod matcher;
pub mod members;
pub mod networks;
pub mod outline;
pub mod pinyin;
pub mod places;
pub mod plan;
pub mod publish;
pub mod query;
pub mod region_index;
pub mod region_report;
pub mod report;
pub mod schema;
pub mod site;
pub mod source;
pub mod table;
pub mod topology;
pub mod township_labels;
pub mod townships;
pub mod water;
