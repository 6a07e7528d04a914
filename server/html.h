/* server/html.h: server-rendered pages of casehub (server/): the department console and the
 * phone status page. Every text a person reads comes from the string catalogue
 * (assets/ui/strings/casehub.json); every value from data is HTML-escaped. Each function
 * returns a new NUL-terminated page; the caller frees it. Pure: no I/O. */
#ifndef SERVER_HTML_H
#define SERVER_HTML_H

#include <stdbool.h>

#include "app/core/service.h"
#include "server/policy.h"

char *html_message(const char *text);
/* A message on a console page (refusals, unknown pages): the staff's top bar with 退出登录
 * above it. */
char *html_console_message(const struct service *svc, const char *user, const char *dept,
                           const char *csrf, const char *text);
char *html_login(bool failed);
/* todo_json: hub_todo_json's array. */
char *html_todo(const struct service *svc, const char *user, const char *dept,
                const char *todo_json, const char *csrf);
/* case_json: hub_case_json's object (as access_case_view filtered it for dept). Every form key
 * is shown by its field label or question text and every value by its option or answer text
 * (keys the service does not know are not shown); grouped in pol's sections, each a <details>
 * open when pol says dept needs it; scanned pages by material name and page count. */
char *html_case(const struct service *svc, const struct policy *pol, const char *user,
                const char *dept, const char *case_json, const char *csrf, const char *flash);
/* todo_json: hub_window_todo_json's array (the window's list of cases to verify); alerts_json:
 * alerts_open_json's array of staff calls (server/alerts.h), shown above it; NULL: none. */
char *html_window_todo(const struct service *svc, const char *user, const char *todo_json,
                       const char *alerts_json, const char *csrf);
/* The applicant's phone page: one card per matter (status, deadline, payment date, note, last
 * change) in one column readable at 390 px, then the hall of district (the case's district id;
 * its name from casehub.hall.ID or casehub.phone.hall, its enquiry phone from the service
 * definition) and the supervision phone. status_json: the status API's answer; masked_name
 * may be "". */
char *html_phone(const struct service *svc, const char *status_json, const char *masked_name,
                 const char *district);

#endif
