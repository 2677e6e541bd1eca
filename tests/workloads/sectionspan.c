// SPDX-License-Identifier: GPL-2.0
/*
 * A symbol that runs on into the next section, as _init runs into .plt:
 * spin_entry has no size, lies in its own section, and jumps to a loop in
 * the next section, which has no symbol. Profilers give the loop's samples
 * to spin_entry; an annotation of it shows both sections, without the
 * padding between them.
 *
 * sectionspan [N]: loop N times (default 300000000)
 */
#include <stdlib.h>

void spin_entry(long n);

#if defined(__x86_64__)
__asm__(".section .spin_entry,\"ax\",@progbits\n"
	".globl spin_entry\n"
	".type spin_entry,@function\n"
	"spin_entry:\n"
	"	mov %rdi, %rax\n"
	"	movabs $0x1122334455667788, %rcx\n"
	"	jmp .Lspin_loop\n"
	".section .spin_loop,\"ax\",@progbits\n"
	".p2align 5\n"
	".Lspin_loop:\n"
	"	dec %rax\n"
	"	jnz .Lspin_loop\n"
	"	ret\n"
	".text\n");
#else
void spin_entry(long n)
{
	for (volatile long i = n; i > 0; i--)
		;
}
#endif

int main(int argc, char **argv)
{
	spin_entry(argc > 1 ? atol(argv[1]) : 300000000L);
	return 0;
}
