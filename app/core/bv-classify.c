/* bv-classify.c -- placeholder, replaced below */
#include "bv-classify.h"
const char * const *bv_classify_reasons (guint *n) { static const char *r[] = {"undefined", NULL}; *n = 1; return r; }
gboolean bv_classify_is_reason (const char *reason) { return TRUE; }
gboolean bv_classify_is_hard (const char *reason, const BvEvent *e) { return FALSE; }
void bv_classify_event (BvEvent *event, const char *context, gsize n) { bv_set_string (&event->reason, "undefined"); }
