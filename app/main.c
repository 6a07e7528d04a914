/* app/main.c: the kiosk program's entry point (app layer). */
#include <stdio.h>
#include <string.h>

#include "version.h"

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--version") == 0) {
            printf("kiosk %s (%s)\n", KIOSK_VERSION, KIOSK_GIT_REV);
            return 0;
        }
    }
    return 0;
}
