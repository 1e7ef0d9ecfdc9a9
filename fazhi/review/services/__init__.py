"""Every write of the review app, one module per stage:

- `submission`: a unit registers a matter, uploads the draft and materials, submits, withdraws;
- `reviewing`: acceptance or 补正, assignment, consultations, issues, the opinion, sign-off;
- `adoption`: the unit answers each issue and closes; problem contracts go to 整改;
- `catalog`: the county's 审查事项目录清单;
- `normative`: the 规范性文件 registry, 备案 and 备案审查;
- `ledger`: matters decided without review (应审事项台账);
- `experts`: the county's 专家库, and picking its experts for a matter (利害关系声明, 回避).

Each service takes keyword arguments and an `actor`, runs in one transaction with its audit
line, and raises ApplicationError (a Chinese message naming what and where) changing nothing.
"""

from fazhi.review.services.common import NotAllowedError

__all__ = ["NotAllowedError"]
