//! Typed client for a small made-up service, generated at build time from `greenhouse.yaml`
//! by `build.rs` (otc-codegen as a build dependency). Start with [`Client`].
#![warn(missing_docs)]

otc_runtime::include_service!("greenhouse");
