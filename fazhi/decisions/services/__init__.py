"""Every write of the decisions app, one module per part:

- `catalog`: the annual catalog, its items, its approval and publication, its adjustments;
- `stages`: 决策启动 and the stages before the meeting (公众参与, 听证, 专家论证, 风险评估);
- `legality`: the 合法性审查, sent as a review matter;
- `deciding`: 集体讨论决定 (behind its guard), 党委请示报告, 公布, 执行, 后评估, 调整/停止;
- `materials`: each stage's files.

Each service takes keyword arguments and an `actor`, runs in one transaction with its audit
line, and raises ApplicationError (a Chinese message naming what and where) changing nothing.
"""
