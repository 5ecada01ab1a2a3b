//! otc-codegen: typed Rust clients for Open Telekom Cloud from YAML endpoint specs.

pub mod diagnostic;
pub mod import;
pub mod load;
pub mod names;
pub mod source_map;
pub mod spec;
pub mod type_expr;
