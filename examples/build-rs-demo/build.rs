//! Generates the client from `greenhouse.yaml` into `OUT_DIR/otc_greenhouse.rs`.
fn main() {
    if let Err(error) = otc_codegen::Builder::new()
        .spec("greenhouse.yaml")
        .compile()
    {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
