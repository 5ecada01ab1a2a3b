//! Generates the client from `greenhouse.yaml` into `OUT_DIR/otc_greenhouse.rs`.
fn main() {
    otc_codegen::Builder::new()
        .spec("greenhouse.yaml")
        .compile_or_exit();
}
