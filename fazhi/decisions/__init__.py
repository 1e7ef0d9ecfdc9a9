"""重大行政决策: the county's annual catalog (决策事项目录) and each decision's statutory procedure
(《重大行政决策程序暂行条例》, 国务院令第713号), whose 合法性审查 stage is a `review` matter."""
