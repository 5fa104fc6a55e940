"""Every write of the service centre: one function per use case, in a transaction, audited."""

from gonghui.service.services.cases import (  # noqa: F401
    case_accept, case_assign, case_conclude, case_refer, case_register, case_reveal_phone, case_visit, case_worker_add, time_limit_set,
)
from gonghui.service.services.attachments import attachment_add, attachment_path  # noqa: F401
from gonghui.service.services.network import site_mark, site_update  # noqa: F401
from gonghui.service.services.legal import activity_record, firm_create, lawyer_create, pairing_create, pairing_end  # noqa: F401
from gonghui.service.services.warning import incident_create, incident_step_add, warning_create, warning_handle  # noqa: F401
from gonghui.service.services.recuperation import certificate_add, group_create, permit_issue  # noqa: F401
