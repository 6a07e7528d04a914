/* app/screens/cardsim.c: the simulated reader's fictional cards (app layer, screens). */
#include "app/screens/cardsim.h"

#include <stdlib.h>
#include <string.h>

#include "platform/xalloc.h"

static const struct session_card cards[CARDSIM_COUNT] = {
    {.present = true,
     .name = "王建国",
     .sex = "1",
     .ethnicity = "01",
     .birth = "19650315",
     .address = "内蒙古自治区鄂尔多斯市东胜区天骄路18号",
     .id_number = "150602196503152010",
     .authority = "鄂尔多斯市公安局东胜分局",
     .valid_from = "2015.03.01",
     .valid_to = "长期"},
    {.present = true,
     .name = "乌云其其格",
     .sex = "2",
     .ethnicity = "02",
     .birth = "19720908",
     .address = "内蒙古自治区鄂尔多斯市达拉特旗树林召镇锦绣街6号",
     .id_number = "150621197209081526",
     .authority = "达拉特旗公安局",
     .valid_from = "2012.09.08",
     .valid_to = "2032.09.08"},
    {.present = true,
     .name = "李堃",
     .sex = "1",
     .ethnicity = "01",
     .birth = "19580101",
     .address = "内蒙古自治区鄂尔多斯市东胜区林荫路3号",
     .id_number = "150602195801010032",
     .authority = "鄂尔多斯市公安局东胜分局",
     .valid_from = "2010.01.01",
     .valid_to = "长期"},
};

bool cardsim_card(int n, struct session_card *out)
{
    if (n < 1 || n > CARDSIM_COUNT)
        return false;
    *out = cards[n - 1];
    return true;
}

struct session_card *cardsim_new(int n)
{
    struct session_card *c = xcalloc(1, sizeof *c);
    if (!cardsim_card(n, c)) {
        free(c);
        return NULL;
    }
    return c;
}

void cardsim_free(void *card)
{
    if (!card)
        return;
    explicit_bzero(card, sizeof(struct session_card));
    free(card);
}
