/* placeholder, replaced below */
#include "report_internal.h"
int pact_report_html(pact_buf *b, const pact_diff *d, const pact_report_opts *o)
{
	return pact_report_text(b, d, o);
}
