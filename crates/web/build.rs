//! Checks that the front-end packages are installed before the binary
//! embeds them (see `src/assets.rs`).

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let css = root.join("node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css");
    println!(
        "cargo:rerun-if-changed={}",
        root.join("package-lock.json").display()
    );
    println!("cargo:rerun-if-changed={}", css.display());
    if !css.exists() {
        panic!(
            "\n\nThe nhsuk-frontend package is not installed.\n\
             Run `npm ci` in the repository root first (scripts/demo and scripts/test do this for you).\n\n"
        );
    }
}
