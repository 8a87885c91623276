// A minimal Arc user program for the ELF test: linked with crt0.S and
// libs/rt/user.ld, but none of rt's libraries (the test only looks at the
// file's layout; it never runs).
extern "C" {

__attribute__((section(".pdata"))) unsigned persistent_words[2] = {0x1234abcd, 0};

volatile int constructed = 0;
__attribute__((constructor)) static void construct() { constructed = 1; }

int main(int, char**) { return constructed + static_cast<int>(persistent_words[1]); }

[[noreturn]] void rt_exit(int status)
{
    for (;;)
        asm volatile("ud2" ::"a"(status));
}

} // extern "C"
