/*
 * Only for running wecomdev under Debian 12's Wine 8.0 (scripts/dist/wine.sh): Go 1.22 and
 * later get their random bytes from ProcessPrng in bcryptprimitives.dll, which every
 * Windows 10+ has and Wine gained only after 8.0; without it a Go program stops at start-up
 * with "fatal error: bcryptprimitives.dll not found". This stand-in takes them from
 * RtlGenRandom (advapi32's SystemFunction036), which Wine 8.0 has. It goes into the test's
 * own Wine prefix, never into a release.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}
