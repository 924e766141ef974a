//! The `roots` command. Everything lives in the library; see `lib.rs`.

fn main() -> std::process::ExitCode {
    roots::main()
}
