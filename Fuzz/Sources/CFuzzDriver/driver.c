// The fuzzer's entry point. SwiftPM links an executable target with `main` defined as
// `<Target>_main`, so libFuzzer's own main is never linked in; this one hands control to
// libFuzzer's driver with the Swift target function (LLVMFuzzerTestOneInput, @_cdecl).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int MeshFuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
