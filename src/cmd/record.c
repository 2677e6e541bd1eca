// SPDX-License-Identifier: GPL-2.0
#include "ptool/cmd.h"

int cmd_record(int argc, const char **argv)
{
	(void)argc;
	(void)argv;
	return cmd_fail(0, "this command is not available in this build yet");
}
