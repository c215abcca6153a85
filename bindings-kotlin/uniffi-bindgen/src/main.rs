//! `uniffi-bindgen generate <library> --language kotlin|swift`: the code generator built from
//! the same uniffi version as the library it reads, so the generated code always matches.

fn main() {
    uniffi::uniffi_bindgen_main()
}
