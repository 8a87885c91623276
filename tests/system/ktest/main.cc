#include "l4/l4.h"
#include "rt/print.h"
int main()
{
    rt::print("ktest: hello from the root task, thread %x\n", L4_Myself().raw);
    L4_KDB_Shutdown(abi::exit_code::pass);
    return 0;
}
