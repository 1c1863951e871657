<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>lower-case letters and digits, e.g. zhangli</source>
        <translation>小写字母和数字，如 zhangli</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>角色(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Add user</source>
        <translation>添加用户(&amp;A)</translation>
    </message>
</context>
<context>
    <name>AlarmBanner</name>
    <message>
        <source>Open (F12)</source>
        <translation>打开 (F12)</translation>
    </message>
    <message>
        <source>Mute sound</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Supervisors only; until the next new life alarm</source>
        <translation>仅限主管；静音持续到下一条新的生命报警</translation>
    </message>
</context>
<context>
    <name>AlarmEvents</name>
    <message>
        <source>Medical</source>
        <translation>医疗求助</translation>
    </message>
    <message>
        <source>Personal emergency</source>
        <translation>紧急呼救</translation>
    </message>
    <message>
        <source>Fail to report in (device silent)</source>
        <translation>设备未按时报到（失联）</translation>
    </message>
    <message>
        <source>Fire</source>
        <translation>火警</translation>
    </message>
    <message>
        <source>Panic</source>
        <translation>恐慌求救</translation>
    </message>
    <message>
        <source>Duress</source>
        <translation>胁迫报警</translation>
    </message>
    <message>
        <source>Mains power lost</source>
        <translation>市电断电</translation>
    </message>
    <message>
        <source>Low system battery</source>
        <translation>主机电池电量低</translation>
    </message>
    <message>
        <source>Battery test failed</source>
        <translation>电池检测失败</translation>
    </message>
    <message>
        <source>Failure to communicate</source>
        <translation>通讯失败</translation>
    </message>
    <message>
        <source>Loss of radio supervision</source>
        <translation>无线信号丢失</translation>
    </message>
    <message>
        <source>Sensor tamper</source>
        <translation>探测器被拆</translation>
    </message>
    <message>
        <source>Pendant battery low</source>
        <translation>呼叫器电量低</translation>
    </message>
    <message>
        <source>Open/close by user</source>
        <translation>用户布撤防</translation>
    </message>
    <message>
        <source>Manual test</source>
        <translation>手动测试</translation>
    </message>
    <message>
        <source>Periodic test</source>
        <translation>定时自检</translation>
    </message>
    <message>
        <source>Listen-in / audio call follows</source>
        <translation>随后语音通话</translation>
    </message>
    <message>
        <source>Senior watch trouble</source>
        <translation>老人监护故障</translation>
    </message>
    <message>
        <source>No movement (inactivity)</source>
        <translation>长时间无活动</translation>
    </message>
</context>
<context>
    <name>AlarmLabels</name>
    <message>
        <source>Real emergency — ambulance</source>
        <translation>真实紧急情况——已叫救护车</translation>
    </message>
    <message>
        <source>Helped by a contact</source>
        <translation>已由联系人处理</translation>
    </message>
    <message>
        <source>Helped by the firm</source>
        <translation>已由服务企业处理</translation>
    </message>
    <message>
        <source>Accidental press</source>
        <translation>误按</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Device fault</source>
        <translation>设备故障</translation>
    </message>
    <message>
        <source>No answer — visit sent</source>
        <translation>无人接听——已派人上门</translation>
    </message>
    <message>
        <source>Restored (device reported it over)</source>
        <translation>已恢复（设备报告故障解除）</translation>
    </message>
    <message>
        <source>Called the elder</source>
        <translation>已呼叫老人</translation>
    </message>
    <message>
        <source>Called contact</source>
        <translation>已呼叫联系人</translation>
    </message>
    <message>
        <source>Called 120 (ambulance)</source>
        <translation>已拨打120（急救）</translation>
    </message>
    <message>
        <source>Called 110 (police)</source>
        <translation>已拨打110（报警）</translation>
    </message>
    <message>
        <source>Called 119 (fire)</source>
        <translation>已拨打119（火警）</translation>
    </message>
    <message>
        <source>Order dispatched</source>
        <translation>已派发工单</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <source>dispatched</source>
        <translation>已派出</translation>
    </message>
    <message>
        <source>Silent past its test interval</source>
        <translation>超过测试周期未上报</translation>
    </message>
    <message>
        <source>Battery low</source>
        <translation>电池电量低</translation>
    </message>
    <message>
        <source>Mains power lost</source>
        <translation>交流电断电</translation>
    </message>
    <message>
        <source>Life</source>
        <translation>生命</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Logged</source>
        <translation>仅记录</translation>
    </message>
</context>
<context>
    <name>AlarmQueueModel</name>
    <message>
        <source>Waiting</source>
        <translation>等待时长</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>报警</translation>
    </message>
    <message>
        <source>Elder / area</source>
        <translation>老人/区域</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Storm: %1 ×%2</source>
        <translation>批量报警：%1 ×%2</translation>
    </message>
    <message>
        <source>(pressed %1 times)</source>
        <translation>（连按 %1 次）</translation>
    </message>
    <message>
        <source>%1 · %2 devices</source>
        <translation>%1 · %2 台设备</translation>
    </message>
    <message>
        <source>Unknown device %1</source>
        <translation>未登记设备 %1</translation>
    </message>
    <message>
        <source>claimed</source>
        <translation>已认领</translation>
    </message>
    <message>
        <source>Enter claims</source>
        <translation>回车认领</translation>
    </message>
    <message>
        <source>claimed %1 ago</source>
        <translation>已认领 %1</translation>
    </message>
    <message>
        <source>%1 s to 60</source>
        <translation>距60秒还剩 %1 秒</translation>
    </message>
    <message>
        <source>%1 s to 180</source>
        <translation>距180秒还剩 %1 秒</translation>
    </message>
</context>
<context>
    <name>AlarmWatch</name>
    <message>
        <source>Alarm: %1 unclaimed</source>
        <translation>报警：%1 条未认领</translation>
    </message>
    <message>
        <source>%1 · %2 — F12 opens it</source>
        <translation>%1 · %2 —— 按 F12 打开</translation>
    </message>
    <message>
        <source>Sign in to handle it.</source>
        <translation>请登录后处理。</translation>
    </message>
    <message>
        <source>Sound muted by %1 until the next new life alarm.</source>
        <translation>%1 已静音，直到下一条新的生命报警。</translation>
    </message>
    <message>
        <source>Only a supervisor can mute the alarm. Claim it to stop the sound (F12).</source>
        <translation>只有主管可以静音。认领报警即可停止报警声（F12）。</translation>
    </message>
    <message>
        <source>storm in %1, %2 alarms</source>
        <translation>%1 群发报警，%2 条</translation>
    </message>
    <message>
        <source>device %1</source>
        <translation>设备 %1</translation>
    </message>
    <message>
        <source>storm %1 (%2 alarms)</source>
        <translation>群发报警 %1（%2 条）</translation>
    </message>
    <message>
        <source>Alarm for %1 claimed %2 min ago and still not resolved</source>
        <translation>%1 的报警已认领 %2 分钟，仍未处理完毕</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Alarm for %1 unclaimed for %2</source>
        <translation>%1 的报警已 %2 无人认领</translation>
    </message>
    <message>
        <source>Alarm for %1 unclaimed for %2: the 180 s service level is breached in %3 s</source>
        <translation>%1 的报警已 %2 无人认领：再过 %3 秒将超过 180 秒服务标准</translation>
    </message>
    <message>
        <source>Alarm for %1 unclaimed for %2: past the 180 s service level</source>
        <translation>%1 的报警已 %2 无人认领：已超过 180 秒服务标准</translation>
    </message>
    <message>
        <source>… and %1 more escalated alarms: see the Alarms screen (F12)</source>
        <translation>…… 另有 %1 条升级报警，请到报警界面查看（F12）</translation>
    </message>
    <message>
        <source>ALARM — %1 unclaimed · %2 · %3 · waiting %4</source>
        <translation>报警 —— %1 条未认领 · %2 · %3 · 已等待 %4</translation>
    </message>
    <message>
        <source>ALARM — %1 unclaimed. Sign in to handle them.</source>
        <translation>报警 —— %1 条未认领。请登录后处理。</translation>
    </message>
    <message>
        <source>(no sound on this PC: watch this banner)</source>
        <translation>（本机无法播放报警声，请留意此横幅）</translation>
    </message>
</context>
<context>
    <name>AlarmsScreen</name>
    <message>
        <source>&amp;Queue</source>
        <translation>报警队列(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Devices</source>
        <translation>设备监测(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Report</source>
        <translation>处置报表(&amp;R)</translation>
    </message>
    <message>
        <source>Actions (logged with the time)</source>
        <translation>处置操作（自动记录时间）</translation>
    </message>
    <message>
        <source>Elder answered (F2)</source>
        <translation>老人已接听 (F2)</translation>
    </message>
    <message>
        <source>Elder: no answer (Shift+F2)</source>
        <translation>老人无人接听 (Shift+F2)</translation>
    </message>
    <message>
        <source>Called 120 (F4)</source>
        <translation>已拨打120 (F4)</translation>
    </message>
    <message>
        <source>Called 110 (F6)</source>
        <translation>已拨打110 (F6)</translation>
    </message>
    <message>
        <source>Called 119 (F7)</source>
        <translation>已拨打119 (F7)</translation>
    </message>
    <message>
        <source>Dispatch emergency order (F9)</source>
        <translation>派发紧急援助工单 (F9)</translation>
    </message>
    <message>
        <source>Note: what was said or done (Enter adds it)</source>
        <translation>备注：通话内容或所做处置（回车添加）</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>处置完毕</translation>
    </message>
    <message>
        <source>— what was it? —</source>
        <translation>—— 报警结果 ——</translation>
    </message>
    <message>
        <source>Note (* needs one)</source>
        <translation>备注（带 * 的结果必填）</translation>
    </message>
    <message>
        <source>Resolve (Ctrl+Enter)</source>
        <translation>完成处置 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>%1 alarms waiting · %2 being handled</source>
        <translation>%1 条报警等待认领 · %2 条正在处置</translation>
    </message>
    <message>
        <source>Press Enter to claim this alarm and open its card.</source>
        <translation>按回车认领此报警并打开应急卡。</translation>
    </message>
    <message>
        <source>You have the storm: %1 alarms.</source>
        <translation>您已认领此批量报警：共 %1 条。</translation>
    </message>
    <message>
        <source>You have the alarm.</source>
        <translation>您已认领此报警。</translation>
    </message>
    <message>
        <source>%1 already claimed this alarm at %2.</source>
        <translation>%1 已于 %2 认领此报警。</translation>
    </message>
    <message>
        <source>%1 %2 answered (Alt+%3)</source>
        <translation>%1 %2 已接听 (Alt+%3)</translation>
    </message>
    <message>
        <source>no answer (Alt+Shift+%1)</source>
        <translation>无人接听 (Alt+Shift+%1)</translation>
    </message>
    <message>
        <source>That alarm is resolved. Select the next one.</source>
        <translation>该报警已处置完毕，请选择下一条。</translation>
    </message>
    <message>
        <source>Order %1 (%2) sent to %3.</source>
        <translation>工单 %1（%2）已派给 %3。</translation>
    </message>
    <message>
        <source>Resolved: %1 (%2 alarms).</source>
        <translation>已处置：%1（共 %2 条报警）。</translation>
    </message>
    <message>
        <source>Resolved: %1.</source>
        <translation>已处置：%1。</translation>
    </message>
    <message>
        <source>Resolved. Select the next alarm.</source>
        <translation>已处置完毕，请选择下一条报警。</translation>
    </message>
    <message>
        <source>Choose what the alarm turned out to be.</source>
        <translation>请选择报警结果。</translation>
    </message>
    <message>
        <source>This outcome needs a note: say what happened and what was done.</source>
        <translation>此结果需要填写备注：说明发生了什么、做了哪些处置。</translation>
    </message>
</context>
<context>
    <name>AssessmentLabels</name>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Propose suspension</source>
        <translation>建议暂停</translation>
    </message>
    <message>
        <source>Not finalised</source>
        <translation>未定稿</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Finalised</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Firm</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>工单数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
</context>
<context>
    <name>AssessmentScreen</name>
    <message>
        <source>&amp;Month:</source>
        <translation>月份(&amp;M)：</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>考核</translation>
    </message>
    <message>
        <source>Settlement</source>
        <translation>补贴结算</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>服务统计</translation>
    </message>
    <message>
        <source>&amp;Report:</source>
        <translation>报表(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>加载(&amp;L)</translation>
    </message>
    <message>
        <source>Print pre&amp;view…</source>
        <translation>打印预览(&amp;V)…</translation>
    </message>
    <message>
        <source>Save &amp;PDF…</source>
        <translation>保存PDF(&amp;P)…</translation>
    </message>
    <message>
        <source>Save E&amp;xcel…</source>
        <translation>保存Excel(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Finalise month</source>
        <translation>本月定稿(&amp;F)</translation>
    </message>
    <message>
        <source>Lock the month&apos;s scores (Ctrl+Shift+F)</source>
        <translation>锁定本月考核分数（Ctrl+Shift+F）</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>%1: %2 firms, %3</source>
        <translation>%1：%2 家企业，%3</translation>
    </message>
    <message>
        <source>%1: %2 firms, payable %3 yuan</source>
        <translation>%1：%2 家企业，应付 %3 元</translation>
    </message>
    <message>
        <source>%1: %2 orders</source>
        <translation>%1：%2 张工单</translation>
    </message>
    <message>
        <source>Finalise month</source>
        <translation>本月定稿</translation>
    </message>
    <message>
        <source>Finalise %1? Its scores are locked; later changes need an admin.</source>
        <translation>确定将 %1 定稿吗？定稿后分数锁定，之后修改需要管理员。</translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation>打印预览</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Save Excel</source>
        <translation>保存Excel</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing PDF…</source>
        <translation>正在生成PDF…</translation>
    </message>
    <message>
        <source>Writing Excel…</source>
        <translation>正在生成Excel…</translation>
    </message>
    <message>
        <source>%1 pages written to %2</source>
        <translation>已生成 %1 页，保存到 %2</translation>
    </message>
    <message>
        <source>Workbook written to %2</source>
        <translation>工作簿已保存到 %2</translation>
    </message>
</context>
<context>
    <name>ChangedElsewhere</name>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Show the record as saved now; what you typed here is replaced</source>
        <translation>显示当前保存的档案；此处输入的内容将被替换</translation>
    </message>
    <message>
        <source>%1 saved this record at %2 — your changes are kept; reload to see theirs.</source>
        <translation>%1 于 %2 保存了这份档案 —— 您的修改仍保留在此；重新加载可查看对方的修改。</translation>
    </message>
    <message>
        <source>Someone else saved this record at %1 — your changes are kept; reload to see theirs.</source>
        <translation>他人于 %1 保存了这份档案 —— 您的修改仍保留在此；重新加载可查看对方的修改。</translation>
    </message>
    <message>
        <source>Someone else saved this record — your changes are kept; reload to see theirs.</source>
        <translation>他人保存了这份档案 —— 您的修改仍保留在此；重新加载可查看对方的修改。</translation>
    </message>
    <message>
        <source>Not saved: changed by %1 at %2 — reload. What you typed is still here; note it, reload, and make your change again.</source>
        <translation>未保存：%1 于 %2 修改了这份档案 —— 请重新加载。您输入的内容仍在此处；请先记下，重新加载后再修改一次。</translation>
    </message>
    <message>
        <source>Not saved: changed by someone else at %1 — reload. What you typed is still here; note it, reload, and make your change again.</source>
        <translation>未保存：他人于 %1 修改了这份档案 —— 请重新加载。您输入的内容仍在此处；请先记下，重新加载后再修改一次。</translation>
    </message>
    <message>
        <source>Not saved: changed by someone else — reload. What you typed is still here; note it, reload, and make your change again.</source>
        <translation>未保存：他人修改了这份档案 —— 请重新加载。您输入的内容仍在此处；请先记下，重新加载后再修改一次。</translation>
    </message>
</context>
<context>
    <name>Checklist</name>
    <message>
        <source>Type to filter…</source>
        <translation>输入以筛选…</translation>
    </message>
    <message>
        <source>Ticked only</source>
        <translation>只看已选</translation>
    </message>
    <message>
        <source>%1 of %2 selected</source>
        <translation>已选 %1 项，共 %2 项</translation>
    </message>
</context>
<context>
    <name>ComplaintDialog</name>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>unknown caller</source>
        <translation>未知来电人</translation>
    </message>
    <message>
        <source>Complaint from %1</source>
        <translation>%1 的投诉</translation>
    </message>
    <message>
        <source>No particular order</source>
        <translation>不针对具体工单</translation>
    </message>
    <message>
        <source>About &amp;order</source>
        <translation>相关工单(&amp;O)</translation>
    </message>
    <message>
        <source>What the caller complains about, in their words</source>
        <translation>来电人投诉的内容（按其原话记录）</translation>
    </message>
    <message>
        <source>&amp;Complaint</source>
        <translation>投诉内容(&amp;C)</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Write what the complaint is about.</source>
        <translation>请填写投诉内容。</translation>
    </message>
</context>
<context>
    <name>ConsoleStatusBar</name>
    <message>
        <source>Sign out / switch user (Ctrl+Shift+L)</source>
        <translation>退出登录 / 切换用户（Ctrl+Shift+L）</translation>
    </message>
    <message>
        <source>On duty: %1 (%2)</source>
        <translation>值班：%1（%2）</translation>
    </message>
    <message>
        <source>On duty: %1</source>
        <translation>值班：%1</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Database connected: %1</source>
        <translation>数据库已连接：%1</translation>
    </message>
    <message>
        <source>Database unreachable: %1</source>
        <translation>数据库无法连接：%1</translation>
    </message>
    <message>
        <source>No gateway configured</source>
        <translation>未配置网关</translation>
    </message>
    <message>
        <source>Simulated gateway</source>
        <translation>模拟网关</translation>
    </message>
    <message>
        <source>Gateway connected</source>
        <translation>网关已连接</translation>
    </message>
    <message>
        <source>Gateway connecting…</source>
        <translation>网关连接中…</translation>
    </message>
    <message>
        <source>Gateway degraded</source>
        <translation>网关工作异常</translation>
    </message>
    <message>
        <source>Gateway disconnected</source>
        <translation>网关已断开</translation>
    </message>
    <message>
        <source>Receiver silent</source>
        <translation>接警机无信号</translation>
    </message>
    <message>
        <source>Gateway error</source>
        <translation>网关故障</translation>
    </message>
    <message>
        <source>Gateway: %1</source>
        <translation>网关：%1</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>YYYY-MM-DD (may be empty)</source>
        <translation>年-月-日，如 2024-03-01（可不填）</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2024-03-01</translation>
    </message>
</context>
<context>
    <name>DevicesPanel</name>
    <message>
        <source>All conditions</source>
        <translation>全部状况</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>&amp;Maintenance order (Ctrl+M)</source>
        <translation>派发维保工单(&amp;M) (Ctrl+M)</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>状况</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Last check-in</source>
        <translation>最近一次测试</translation>
    </message>
    <message>
        <source>Elder</source>
        <translation>老人</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Maintained by</source>
        <translation>维保企业</translation>
    </message>
    <message>
        <source>(%1 h)</source>
        <translation>（%1 小时）</translation>
    </message>
    <message>
        <source>%1 devices need attention</source>
        <translation>%1 台设备需要处理</translation>
    </message>
    <message>
        <source>Order %1 (%2) sent to %3 for device %4.</source>
        <translation>设备 %4 的工单 %1（%2）已派给 %3。</translation>
    </message>
</context>
<context>
    <name>ElderCardView</name>
    <message>
        <source>Waiting for a call. Ctrl+F finds an elder by name or phone.</source>
        <translation>等待来电。按 Ctrl+F 可按姓名或电话查找老人。</translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 岁</translation>
    </message>
    <message>
        <source>Subsidy category</source>
        <translation>补贴类别</translation>
    </message>
    <message>
        <source>Care level</source>
        <translation>护理等级</translation>
    </message>
    <message>
        <source>Special groups</source>
        <translation>特殊群体</translation>
    </message>
    <message>
        <source>Medical notes</source>
        <translation>病史备注</translation>
    </message>
    <message>
        <source>Allergies</source>
        <translation>过敏</translation>
    </message>
    <message>
        <source>Medicines</source>
        <translation>常用药</translation>
    </message>
    <message>
        <source>Preferred firm</source>
        <translation>指定服务企业</translation>
    </message>
    <message>
        <source>building %1</source>
        <translation>%1号楼</translation>
    </message>
    <message>
        <source>unit %1</source>
        <translation>%1单元</translation>
    </message>
    <message>
        <source>floor %1</source>
        <translation>%1层</translation>
    </message>
    <message>
        <source>door %1</source>
        <translation>%1室</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>None recorded</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>Care</source>
        <translation>照护</translation>
    </message>
    <message>
        <source>Address and phones</source>
        <translation>住址与电话</translation>
    </message>
    <message>
        <source>Emergency contacts (in calling order)</source>
        <translation>紧急联系人（按拨打顺序）</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>not described</source>
        <translation>未说明</translation>
    </message>
    <message>
        <source>Last orders</source>
        <translation>最近工单</translation>
    </message>
    <message>
        <source>No orders yet</source>
        <translation>暂无工单</translation>
    </message>
    <message>
        <source>Last alarms</source>
        <translation>最近报警</translation>
    </message>
    <message>
        <source>No alarms</source>
        <translation>无报警</translation>
    </message>
    <message>
        <source>Last calls</source>
        <translation>最近通话</translation>
    </message>
    <message>
        <source>No earlier calls</source>
        <translation>无以往通话</translation>
    </message>
</context>
<context>
    <name>ElderColumns</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>补贴类别</translation>
    </message>
    <message>
        <source>Care level</source>
        <translation>护理等级</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>特殊群体</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ElderDetailView</name>
    <message>
        <source>Select an elder to see the full record.</source>
        <translation>选中一位老人即可查看完整档案。</translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 岁</translation>
    </message>
    <message>
        <source>building %1</source>
        <translation>%1号楼</translation>
    </message>
    <message>
        <source>unit %1</source>
        <translation>%1单元</translation>
    </message>
    <message>
        <source>floor %1</source>
        <translation>%1层</translation>
    </message>
    <message>
        <source>door %1</source>
        <translation>%1室</translation>
    </message>
    <message>
        <source>Person and address</source>
        <translation>基本信息与住址</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Enrolled on</source>
        <translation>入网日期</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Emergency contacts (in calling order)</source>
        <translation>紧急联系人（按拨打顺序）</translation>
    </message>
    <message>
        <source>None recorded</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>Yes, at %1:00</source>
        <translation>是，每天 %1:00</translation>
    </message>
    <message>
        <source>Care</source>
        <translation>照护</translation>
    </message>
    <message>
        <source>Subsidy category</source>
        <translation>补贴类别</translation>
    </message>
    <message>
        <source>Care level</source>
        <translation>护理等级</translation>
    </message>
    <message>
        <source>Special groups</source>
        <translation>特殊群体</translation>
    </message>
    <message>
        <source>Preferred firm</source>
        <translation>指定服务企业</translation>
    </message>
    <message>
        <source>Daily check-in call</source>
        <translation>每日问安电话</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>Medical notes</source>
        <translation>病史备注</translation>
    </message>
    <message>
        <source>Allergies</source>
        <translation>过敏</translation>
    </message>
    <message>
        <source>Medicines</source>
        <translation>常用药</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>No device installed</source>
        <translation>未安装设备</translation>
    </message>
    <message>
        <source>Registered %1, last changed %2</source>
        <translation>建档 %1，最后修改 %2</translation>
    </message>
    <message>
        <source>battery low</source>
        <translation>电量低</translation>
    </message>
    <message>
        <source>mains power lost</source>
        <translation>外接电源断开</translation>
    </message>
    <message>
        <source>account %1</source>
        <translation>账号 %1</translation>
    </message>
    <message>
        <source>last test %1</source>
        <translation>最近自检 %1</translation>
    </message>
    <message>
        <source>never tested</source>
        <translation>从未自检</translation>
    </message>
</context>
<context>
    <name>ElderEditor</name>
    <message>
        <source>New elder</source>
        <translation>新建老人档案</translation>
    </message>
    <message>
        <source>Edit elder</source>
        <translation>修改老人档案</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>From the ID number</source>
        <translation>按身份证号</translation>
    </message>
    <message>
        <source>Se&amp;x</source>
        <translation>性别(&amp;X)</translation>
    </message>
    <message>
        <source>18 characters, the last may be X</source>
        <translation>18位，最后一位可以是 X</translation>
    </message>
    <message>
        <source>&amp;ID number</source>
        <translation>身份证号(&amp;I)</translation>
    </message>
    <message>
        <source>From the ID number if empty</source>
        <translation>不填则按身份证号</translation>
    </message>
    <message>
        <source>&amp;Birth date</source>
        <translation>出生日期(&amp;B)</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Co&amp;mmunity</source>
        <translation>所属社区(&amp;M)</translation>
    </message>
    <message>
        <source>A&amp;ddress</source>
        <translation>住址(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Building</source>
        <translation>楼号(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Unit</source>
        <translation>单元(&amp;U)</translation>
    </message>
    <message>
        <source>Fl&amp;oor</source>
        <translation>楼层(&amp;O)</translation>
    </message>
    <message>
        <source>Doo&amp;r</source>
        <translation>门牌(&amp;R)</translation>
    </message>
    <message>
        <source>Care</source>
        <translation>照护</translation>
    </message>
    <message>
        <source>Subsidy &amp;category</source>
        <translation>补贴类别(&amp;C)</translation>
    </message>
    <message>
        <source>Care &amp;level</source>
        <translation>护理等级(&amp;L)</translation>
    </message>
    <message>
        <source>S&amp;tatus</source>
        <translation>状态(&amp;T)</translation>
    </message>
    <message>
        <source>Today if empty</source>
        <translation>不填则为今天</translation>
    </message>
    <message>
        <source>&amp;Enrolled on</source>
        <translation>入网日期(&amp;E)</translation>
    </message>
    <message>
        <source>None — route by the usual rule</source>
        <translation>不指定（按派单规则）</translation>
    </message>
    <message>
        <source>Preferred &amp;firm</source>
        <translation>指定企业(&amp;F)</translation>
    </message>
    <message>
        <source>Call every day</source>
        <translation>每天打电话问安</translation>
    </message>
    <message>
        <source>Daily check-in</source>
        <translation>每日问安</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source> o&apos;clock</source>
        <translation> 点</translation>
    </message>
    <message>
        <source>Check-in &amp;hour</source>
        <translation>问安时间(&amp;H)</translation>
    </message>
    <message>
        <source>Special groups</source>
        <translation>特殊群体</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Add &amp;phone</source>
        <translation>添加电话(&amp;P)</translation>
    </message>
    <message>
        <source>Emergency contacts (in calling order)</source>
        <translation>紧急联系人（按拨打顺序）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Add c&amp;ontact</source>
        <translation>添加联系人(&amp;O)</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>Medical &amp;notes</source>
        <translation>病史备注(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Allergies</source>
        <translation>过敏(&amp;A)</translation>
    </message>
    <message>
        <source>Medi&amp;cines</source>
        <translation>常用药(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <source>The record could not be loaded.</source>
        <translation>档案加载失败。</translation>
    </message>
    <message>
        <source>Editing %1 (#%2)</source>
        <translation>正在修改：%1（#%2）</translation>
    </message>
    <message>
        <source>New registration. Sex and birth date are read from the ID number.</source>
        <translation>新建档案。性别和出生日期会从身份证号读取。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Born %1 · %2 · %3 years</source>
        <translation>出生 %1 · %2 · %3 岁</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>放弃修改？</translation>
    </message>
    <message>
        <source>You have changes that are not saved. Close the form and lose them?</source>
        <translation>有修改尚未保存。关闭表单并放弃这些修改吗？</translation>
    </message>
</context>
<context>
    <name>EldersScreen</name>
    <message>
        <source>Search elders: name, pinyin initials (zs), phone or ID number   (Ctrl+F)</source>
        <translation>查找老人：姓名、拼音首字母（如 zs）、电话或身份证号&#x3000;（Ctrl+F）</translation>
    </message>
    <message>
        <source>New elder (Ctrl+N)</source>
        <translation>新建老人（Ctrl+N）</translation>
    </message>
    <message>
        <source>Edit (F2)</source>
        <translation>修改（F2）</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message numerus="yes">
        <source>%n elder(s)</source>
        <translation>
            <numerusform>共 %n 位老人</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmergencyCardView</name>
    <message>
        <source>Select an alarm and press Enter to claim it.</source>
        <translation>选中一条报警，按回车认领。</translation>
    </message>
    <message>
        <source>(pressed %1 times)</source>
        <translation>（连按 %1 次）</translation>
    </message>
    <message>
        <source>received %1</source>
        <translation>%1 收到</translation>
    </message>
    <message>
        <source>claimed by %1 at %2</source>
        <translation>%1 于 %2 认领</translation>
    </message>
    <message>
        <source>not claimed</source>
        <translation>未认领</translation>
    </message>
    <message>
        <source>Unknown device %1: no elder is registered with it.</source>
        <translation>未登记设备 %1：没有老人登记使用此设备。</translation>
    </message>
    <message>
        <source>Storm in %1: %2 alarms from %3 devices since %4</source>
        <translation>%1批量报警：自 %4 起 %3 台设备共 %2 条报警</translation>
    </message>
    <message>
        <source>Resolving the storm resolves every alarm in it.</source>
        <translation>处置此批量报警将同时处置其中每一条报警。</translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 岁</translation>
    </message>
    <message>
        <source>Lives alone</source>
        <translation>独居</translation>
    </message>
    <message>
        <source>Does not live alone</source>
        <translation>非独居</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Allergies</source>
        <translation>过敏史</translation>
    </message>
    <message>
        <source>Medical notes</source>
        <translation>病史</translation>
    </message>
    <message>
        <source>Medicines</source>
        <translation>用药</translation>
    </message>
    <message>
        <source>Special groups</source>
        <translation>特殊群体</translation>
    </message>
    <message>
        <source>None recorded</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>Accidental presses so far: %1</source>
        <translation>累计误按：%1 次</translation>
    </message>
    <message>
        <source>Emergency contacts (in calling order)</source>
        <translation>紧急联系人（按呼叫顺序）</translation>
    </message>
    <message>
        <source>No registered device</source>
        <translation>无登记设备</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>超时未上报</translation>
    </message>
    <message>
        <source>battery low</source>
        <translation>电量低</translation>
    </message>
    <message>
        <source>mains lost</source>
        <translation>交流电断电</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Last check-in</source>
        <translation>最近一次测试</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Maintained by</source>
        <translation>维保企业</translation>
    </message>
    <message>
        <source>Nothing done yet</source>
        <translation>尚未处置</translation>
    </message>
    <message>
        <source>No earlier alarms</source>
        <translation>无以往报警</translation>
    </message>
    <message>
        <source>This alarm so far</source>
        <translation>本次报警处置记录</translation>
    </message>
    <message>
        <source>Last alarms</source>
        <translation>近期报警</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>“{number}” contains no digits.</source>
        <translation>“{number}”里没有数字。</translation>
    </message>
    <message>
        <source>No number was entered.</source>
        <translation>没有填写号码。</translation>
    </message>
    <message>
        <source>Already registered, for {other_name}.</source>
        <translation>已被登记，登记人：{other_name}。</translation>
    </message>
    <message>
        <source>This ID number is already registered.</source>
        <translation>这个身份证号已经登记过。</translation>
    </message>
    <message>
        <source>Already registered, for {other_name} (firm #{other_id}).</source>
        <translation>已被登记，所属企业：{other_name}（#{other_id}）。</translation>
    </message>
    <message>
        <source>This licence number is already registered.</source>
        <translation>这个执照号已经登记过。</translation>
    </message>
    <message>
        <source>Code {code} is already used by {other_name}.</source>
        <translation>编码 {code} 已被“{other_name}”使用。</translation>
    </message>
    <message>
        <source>Code {code} is already used.</source>
        <translation>编码 {code} 已被使用。</translation>
    </message>
    <message>
        <source>Does not match the ID number, which says %1.</source>
        <translation>与身份证号不符，身份证号显示为%1。</translation>
    </message>
    <message>
        <source>“{group}” is for elders aged {min} and over; this elder is {age}.</source>
        <translation>“{group}”只适用于 {min} 岁及以上的老人，这位老人 {age} 岁。</translation>
    </message>
    <message>
        <source>Must be after {first} (it is {then}).</source>
        <translation>必须晚于 {first}（现在填的是 {then}）。</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <source>Too long: {length} characters, at most {max}.</source>
        <translation>太长：{length} 个字，最多 {max} 个。</translation>
    </message>
    <message>
        <source>“{value}” is not one of the choices.</source>
        <translation>“{value}”不是可选项。</translation>
    </message>
    <message>
        <source>Must be between {min} and {max}.</source>
        <translation>必须在 {min} 到 {max} 之间。</translation>
    </message>
    <message>
        <source>“{number}” has the wrong number of digits for a phone number.</source>
        <translation>“{number}”位数不对，不是电话号码。</translation>
    </message>
    <message>
        <source>“{number}” is not a phone number.</source>
        <translation>“{number}”不是电话号码。</translation>
    </message>
    <message>
        <source>“{number}” is not a number in use: a mobile has 11 digits starting with 1, a landline is the area code and 7–8 digits.</source>
        <translation>“{number}”不是在用的号码：手机号是 1 开头的 11 位数字，固话是区号加 7–8 位号码。</translation>
    </message>
    <message>
        <source>The same number as phone {other}.</source>
        <translation>与电话{other}号码重复。</translation>
    </message>
    <message>
        <source>Must be 18 characters; {length} were entered.</source>
        <translation>应为 18 位，现在是 {length} 位。</translation>
    </message>
    <message>
        <source>Only digits, and X as the last character.</source>
        <translation>只能是数字，最后一位可以是 X。</translation>
    </message>
    <message>
        <source>Holds the birth date {birth} (characters 7–14), which does not exist.</source>
        <translation>第 7–14 位的出生日期 {birth} 不存在。</translation>
    </message>
    <message>
        <source>The check digit should be {expected}, not {got}: a character was probably mistyped.</source>
        <translation>校验码应为 {expected}，不是 {got}：可能有一位输错了。</translation>
    </message>
    <message>
        <source>Does not match the ID number, which says {id_birth_date}.</source>
        <translation>与身份证号不符，身份证号显示为 {id_birth_date}。</translation>
    </message>
    <message>
        <source>The birth date {birth_date} is in the future.</source>
        <translation>出生日期 {birth_date} 晚于今天。</translation>
    </message>
    <message>
        <source>The birth date {birth_date} makes the elder {age} years old; more than {max} is surely a typing error.</source>
        <translation>按出生日期 {birth_date}，老人已 {age} 岁；超过 {max} 岁肯定是输错了。</translation>
    </message>
    <message>
        <source>Elders are registered from age {min}; born {birth_date}, this person is only {age} on the enrolment date.</source>
        <translation>年满 {min} 岁才能登记入网；此人出生于 {birth_date}，入网日期时只有 {age} 岁。</translation>
    </message>
    <message>
        <source>The date {date} is in the future.</source>
        <translation>日期 {date} 晚于今天。</translation>
    </message>
    <message>
        <source>“{text}” is not a date: write it as 2024-03-01.</source>
        <translation>“{text}”不是日期，请按 2024-03-01 的格式填写。</translation>
    </message>
    <message>
        <source>Choose a community from the list.</source>
        <translation>请从列表中选择社区。</translation>
    </message>
    <message>
        <source>“{text}” is not a community on the list: pick one from the list.</source>
        <translation>“{text}”不在社区列表中，请从列表中选择。</translation>
    </message>
    <message>
        <source>Firm #{firm_id} does not exist.</source>
        <translation>企业 #{firm_id} 不存在。</translation>
    </message>
    <message>
        <source>“{text}” is not a firm on the list: pick one from the list.</source>
        <translation>“{text}”不在企业列表中，请从列表中选择。</translation>
    </message>
    <message>
        <source>Only digits, Latin capital letters and “-” are allowed.</source>
        <translation>只能填数字、大写英文字母和“-”。</translation>
    </message>
    <message>
        <source>The last character of the unified social credit code should be {expected}, not {got}: a character was probably mistyped.</source>
        <translation>统一社会信用代码最后一位应为 {expected}，不是 {got}：可能有一位输错了。</translation>
    </message>
    <message>
        <source>This firm has exited the network and cannot be taken back; register a new contract instead.</source>
        <translation>该企业已退出服务网络，不能恢复；请重新签约登记。</translation>
    </message>
    <message>
        <source>Service item #{item_id} does not exist.</source>
        <translation>服务项目 #{item_id} 不存在。</translation>
    </message>
    <message>
        <source>Category #{category_id} does not exist.</source>
        <translation>类别 #{category_id} 不存在。</translation>
    </message>
    <message>
        <source>Must be a whole number of fen, not “{value}”.</source>
        <translation>必须是以分为单位的整数，不能是“{value}”。</translation>
    </message>
    <message>
        <source>Cannot be negative ({value} fen).</source>
        <translation>不能为负数（{value} 分）。</translation>
    </message>
    <message>
        <source>Category {category}: elder {elder} + government {government} fen is more than the market price of {market} fen.</source>
        <translation>{category} 类：老人自付 {elder} 分加政府补贴 {government} 分，超过了市场价 {market} 分。</translation>
    </message>
    <message>
        <source>This firm has left the network and can take no orders.</source>
        <translation>该企业已退出服务网络，不能再接单。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>field label: problem</comment>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>FieldErrors</name>
    <message numerus="yes">
        <source>Not saved: %n problem(s) to correct. Nothing you typed was lost.</source>
        <translation>
            <numerusform>未保存：有 %n 处需要更正。您填写的内容都还在。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>楼层</translation>
    </message>
    <message>
        <source>Door</source>
        <translation>门牌</translation>
    </message>
    <message>
        <source>Subsidy category</source>
        <translation>补贴类别</translation>
    </message>
    <message>
        <source>Care level</source>
        <translation>护理等级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Emergency contacts</source>
        <translation>紧急联系人</translation>
    </message>
    <message>
        <source>Special groups</source>
        <translation>特殊群体</translation>
    </message>
    <message>
        <source>Medical notes</source>
        <translation>病史备注</translation>
    </message>
    <message>
        <source>Allergies</source>
        <translation>过敏</translation>
    </message>
    <message>
        <source>Medicines</source>
        <translation>常用药</translation>
    </message>
    <message>
        <source>Preferred firm</source>
        <translation>指定服务企业</translation>
    </message>
    <message>
        <source>Daily check-in call</source>
        <translation>每日问安电话</translation>
    </message>
    <message>
        <source>Check-in hour</source>
        <translation>问安时间</translation>
    </message>
    <message>
        <source>Enrolled on</source>
        <translation>入网日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Licence number</source>
        <translation>营业执照号</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Contract start</source>
        <translation>合同开始</translation>
    </message>
    <message>
        <source>Contract end</source>
        <translation>合同结束</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Communities covered</source>
        <translation>服务社区</translation>
    </message>
    <message>
        <source>Service items</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>资格证书</translation>
    </message>
    <message>
        <source>Certified until</source>
        <translation>证书有效期至</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在职</translation>
    </message>
    <message>
        <source>Firm</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Market price</source>
        <translation>市场价</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>响应时限</translation>
    </message>
    <message>
        <source>Service standard</source>
        <translation>服务标准</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Phone %1 kind</source>
        <translation>电话%1类型</translation>
    </message>
    <message>
        <source>Phone %1</source>
        <translation>电话%1</translation>
    </message>
    <message>
        <source>Contact %1 name</source>
        <translation>联系人%1姓名</translation>
    </message>
    <message>
        <source>Contact %1 relation</source>
        <translation>联系人%1关系</translation>
    </message>
    <message>
        <source>Contact %1 phone</source>
        <translation>联系人%1电话</translation>
    </message>
    <message>
        <source>Contact %1</source>
        <translation>联系人%1</translation>
    </message>
    <message>
        <source>Price for category %1</source>
        <translation>%1 类价格</translation>
    </message>
</context>
<context>
    <name>FirmColumns</name>
    <message>
        <source>Firm</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Licence number</source>
        <translation>营业执照号</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同期</translation>
    </message>
    <message>
        <source>Communities</source>
        <translation>社区数</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>项目数</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>人员数</translation>
    </message>
</context>
<context>
    <name>FirmDetailView</name>
    <message>
        <source>Staff</source>
        <translation>服务人员</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>资格证书</translation>
    </message>
    <message>
        <source>Certified until</source>
        <translation>证书有效期至</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在职</translation>
    </message>
    <message>
        <source>Add staff</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <source>Edit staff</source>
        <translation>修改人员</translation>
    </message>
    <message>
        <source>Select a firm to see its contract, coverage and staff.</source>
        <translation>选中一家企业即可查看合同、服务范围和人员。</translation>
    </message>
    <message numerus="yes">
        <source>ends in %n day(s)</source>
        <translation>
            <numerusform>%n 天后到期</numerusform>
        </translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Firm</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Licence number</source>
        <translation>营业执照号</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同期</translation>
    </message>
    <message>
        <source>Status changed on</source>
        <translation>状态变更日期</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Communities covered (%1)</source>
        <translation>服务社区（%1 个）</translation>
    </message>
    <message>
        <source>Service items (%1)</source>
        <translation>服务项目（%1 项）</translation>
    </message>
    <message>
        <source>Staff (%1)</source>
        <translation>服务人员（%1 人）</translation>
    </message>
</context>
<context>
    <name>FirmEditor</name>
    <message>
        <source>New firm</source>
        <translation>新建加盟企业</translation>
    </message>
    <message>
        <source>Edit firm</source>
        <translation>修改加盟企业</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Firm and contract</source>
        <translation>企业与合同</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>Unified social credit code, 18 characters</source>
        <translation>统一社会信用代码，18 位</translation>
    </message>
    <message>
        <source>&amp;Licence number</source>
        <translation>营业执照号(&amp;L)</translation>
    </message>
    <message>
        <source>Legal &amp;representative</source>
        <translation>法定代表人(&amp;R)</translation>
    </message>
    <message>
        <source>Contact &amp;person</source>
        <translation>联系人(&amp;P)</translation>
    </message>
    <message>
        <source>Contact &amp;phone</source>
        <translation>联系电话(&amp;H)</translation>
    </message>
    <message>
        <source>A&amp;ddress</source>
        <translation>住址(&amp;D)</translation>
    </message>
    <message>
        <source>Contract &amp;start</source>
        <translation>合同开始(&amp;S)</translation>
    </message>
    <message>
        <source>Contract &amp;end</source>
        <translation>合同结束(&amp;E)</translation>
    </message>
    <message>
        <source>S&amp;tatus</source>
        <translation>状态(&amp;T)</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>备注(&amp;O)</translation>
    </message>
    <message>
        <source>Communities covered</source>
        <translation>服务社区</translation>
    </message>
    <message>
        <source>Service items offered</source>
        <translation>提供的服务项目</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <source>The record could not be loaded.</source>
        <translation>档案加载失败。</translation>
    </message>
    <message>
        <source>Editing %1 (#%2)</source>
        <translation>正在修改：%1（#%2）</translation>
    </message>
    <message>
        <source>New firm.</source>
        <translation>新建企业。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>放弃修改？</translation>
    </message>
    <message>
        <source>You have changes that are not saved. Close the form and lose them?</source>
        <translation>有修改尚未保存。关闭表单并放弃这些修改吗？</translation>
    </message>
</context>
<context>
    <name>FirmsScreen</name>
    <message>
        <source>Search firms: name, pinyin initials, licence number or phone   (Ctrl+F)</source>
        <translation>查找企业：名称、拼音首字母、执照号或电话&#x3000;（Ctrl+F）</translation>
    </message>
    <message>
        <source>New firm (Ctrl+N)</source>
        <translation>新建企业（Ctrl+N）</translation>
    </message>
    <message>
        <source>Edit (F2)</source>
        <translation>修改（F2）</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message numerus="yes">
        <source>%n firm(s)</source>
        <translation>
            <numerusform>共 %n 家企业</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>Anxin — first start</source>
        <translation>安心 — 首次启动</translation>
    </message>
    <message>
        <source>Welcome to Anxin</source>
        <translation>欢迎使用安心</translation>
    </message>
    <message>
        <source>This centre has no administrator yet, so nobody can sign in. Create the first administrator account now: it signs in at once and adds the operators and supervisors under Settings → Users.</source>
        <translation>本中心还没有管理员，因此无人能够登录。请现在创建第一个管理员账号：创建后立即登录，再到“设置 → 用户”中添加话务员和主管。</translation>
    </message>
    <message>
        <source>Centre database: %1</source>
        <translation>中心数据库：%1</translation>
    </message>
    <message>
        <source>lower-case letters and digits, e.g. zhangli</source>
        <translation>小写字母和数字，如 zhangli</translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation>至少 %1 个字符</translation>
    </message>
    <message>
        <source>Your &amp;name</source>
        <translation>您的姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Password &amp;again</source>
        <translation>再次输入密码(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Create and sign in</source>
        <translation>创建并登录(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit Anxin</source>
        <translation>退出安心(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>FollowupLabels</name>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>New firm</source>
        <translation>新加盟企业</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>抽样</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>To call</source>
        <translation>待呼叫</translation>
    </message>
    <message>
        <source>No answer yet</source>
        <translation>暂未接通</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>已联系上</translation>
    </message>
</context>
<context>
    <name>FollowupScreen</name>
    <message>
        <source>Due</source>
        <translation>应回访日</translation>
    </message>
    <message>
        <source>Elder</source>
        <translation>老人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <source>Firm</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>回访原因</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>已拨次数</translation>
    </message>
    <message>
        <source>Enter: call the elder · F5: answered · 1 satisfied · 2 basically satisfied · 3 unsatisfied · 4 no answer (the third makes it unreachable) · 5 service did not happen (the order is disputed and held out of the subsidy)</source>
        <translation>回车：呼叫老人 · F5：已接通 · 1 满意 · 2 基本满意 · 3 不满意 · 4 无人接听（第三次即记为联系不上） · 5 未提供服务（工单列为争议，暂停计入补贴）</translation>
    </message>
    <message>
        <source>Last try</source>
        <translation>最近一次拨打</translation>
    </message>
    <message>
        <source>Enter: call the elder · F5: answered · 1 reached · 4 no answer</source>
        <translation>回车：呼叫老人 · F5：已接通 · 1 已联系上 · 4 无人接听</translation>
    </message>
    <message>
        <source>Due by</source>
        <translation>报平安时限</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Not heard from today by their hour (no call, device test or alarm). Enter: call the elder · F5: answered · 1 reached · 4 no answer</source>
        <translation>今天到点仍无音讯（无来电、无设备自检、无报警）。回车：呼叫老人 · F5：已接通 · 1 已联系上 · 4 无人接听</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <source>Enter: call the elder · type a step below and press Enter to record it</source>
        <translation>回车：呼叫老人 · 在下方输入处理经过，按回车记录</translation>
    </message>
    <message>
        <source>What was done (passed to the firm, answer...)</source>
        <translation>处理经过（已转企业核实、企业答复……）</translation>
    </message>
    <message>
        <source>&amp;Add step</source>
        <translation>记录处理经过(&amp;A)</translation>
    </message>
    <message>
        <source>C&amp;lose complaint</source>
        <translation>结案(&amp;L)</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>New complaint: what the caller says</source>
        <translation>新投诉：来电人反映的情况</translation>
    </message>
    <message>
        <source>&amp;Record complaint</source>
        <translation>登记投诉(&amp;R)</translation>
    </message>
    <message>
        <source>The elder said the service did not happen: the order is held out of the firm&apos;s subsidy until a supervisor decides.</source>
        <translation>老人称未提供服务：该工单暂停计入企业补贴，待主管裁定。</translation>
    </message>
    <message>
        <source>What the decision rests on</source>
        <translation>裁定依据</translation>
    </message>
    <message>
        <source>&amp;Uphold: no subsidy</source>
        <translation>属实：不予补贴(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Dismiss: the service happened</source>
        <translation>不属实：服务已提供(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Follow-ups (%1)</source>
        <translation>回访(&amp;F)（%1）</translation>
    </message>
    <message>
        <source>&amp;Care calls (%1)</source>
        <translation>关爱电话(&amp;C)（%1）</translation>
    </message>
    <message>
        <source>C&amp;heck-ins (%1)</source>
        <translation>每日报平安(&amp;H)（%1）</translation>
    </message>
    <message>
        <source>Co&amp;mplaints (%1)</source>
        <translation>投诉(&amp;M)（%1）</translation>
    </message>
    <message>
        <source>D&amp;isputes (%1)</source>
        <translation>争议工单(&amp;I)（%1）</translation>
    </message>
    <message>
        <source>Orders awaiting a supervisor&apos;s decision</source>
        <translation>待主管裁定的工单</translation>
    </message>
    <message>
        <source>Callbacks due today, oldest first</source>
        <translation>今日应回访工单，最早的在前</translation>
    </message>
    <message>
        <source>Welfare calls queued today</source>
        <translation>今日待拨的平安电话</translation>
    </message>
    <message>
        <source>Open complaints, newest first</source>
        <translation>未结案投诉，最新的在前</translation>
    </message>
    <message>
        <source>Care calls %1: reached %2 of %3 (%4 %) — the target is all of them</source>
        <translation>%1 关爱电话：已联系 %2 / %3 人（%4 %）— 目标为全部联系到</translation>
    </message>
    <message>
        <source>No elder is linked to this row.</source>
        <translation>此行未关联老人。</translation>
    </message>
    <message>
        <source>This elder has no telephone number registered.</source>
        <translation>该老人未登记电话号码。</translation>
    </message>
    <message>
        <source>Calling %1 on %2: press F5 when answered, then the result key.</source>
        <translation>正在呼叫%1（%2）：接通后按 F5，通话结束按结果键。</translation>
    </message>
    <message>
        <source>Press Enter to call the selected elder first.</source>
        <translation>请先按回车呼叫所选老人。</translation>
    </message>
    <message>
        <source>Answered. Press the result key when the call ends.</source>
        <translation>已接通。通话结束后按结果键。</translation>
    </message>
    <message>
        <source>Not answered yet: press F5 when the elder answers, or 4 for no answer.</source>
        <translation>尚未接通：老人接听后按 F5，无人接听按 4。</translation>
    </message>
    <message>
        <source>Recorded.</source>
        <translation>已记录。</translation>
    </message>
    <message>
        <source>Complaint recorded; the order will be called back.</source>
        <translation>投诉已登记，该工单将安排回访。</translation>
    </message>
    <message>
        <source>Decision recorded.</source>
        <translation>裁定已记录。</translation>
    </message>
</context>
<context>
    <name>GatewayState</name>
    <message>
        <source>%1 not connected (%2)</source>
        <translation>%1 未连接（%2）</translation>
    </message>
    <message>
        <source>%1 silent for %2 s</source>
        <translation>%1 已 %2 秒无信号</translation>
    </message>
    <message>
        <source>Alarm gateway problem: %1. Alarms and calls on this line may not reach the console: check the cable and the receiver, or call the installer.</source>
        <translation>报警网关故障：%1。这条线路上的报警和来电可能无法送达本控制台：请检查线缆和接警机，或联系安装人员。</translation>
    </message>
</context>
<context>
    <name>HandlingReportPanel</name>
    <message>
        <source>&amp;Month</source>
        <translation>月份(&amp;M)</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>话务员</translation>
    </message>
    <message>
        <source>Alarms claimed</source>
        <translation>认领报警数</translation>
    </message>
    <message>
        <source>Raised → claimed, median</source>
        <translation>报警→认领 中位数</translation>
    </message>
    <message>
        <source>90th percentile</source>
        <translation>90 百分位</translation>
    </message>
    <message>
        <source>Claimed → resolved, median</source>
        <translation>认领→处理完毕 中位数</translation>
    </message>
    <message>
        <source>Claimed within 60 s</source>
        <translation>60 秒内认领</translation>
    </message>
    <message>
        <source>Within 180 s</source>
        <translation>180 秒内认领</translation>
    </message>
    <message>
        <source>Service level: 97.5 %</source>
        <translation>服务标准：97.5 %</translation>
    </message>
    <message>
        <source>Service level: 99 %</source>
        <translation>服务标准：99 %</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Presses</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Elder</source>
        <translation>老人</translation>
    </message>
    <message>
        <source>Accidental presses by device</source>
        <translation>误按次数（按设备）</translation>
    </message>
    <message>
        <source>Accidental presses by elder</source>
        <translation>误按次数（按老人）</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1……</translation>
    </message>
    <message>
        <source>%1: %2 alarms claimed</source>
        <translation>%1：认领报警 %2 条</translation>
    </message>
    <message>
        <source>Never claimed: %1 (closed by a restore, or still waiting)</source>
        <translation>无人认领：%1 条（因设备恢复而关闭，或仍在等待）</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>全体话务员</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
</context>
<context>
    <name>HotlineScreen</name>
    <message>
        <source>Find an elder: name, pinyin initials (zs), phone, ID number or address (Ctrl+F)</source>
        <translation>查找老人：姓名、拼音首字母（如 zs）、电话、身份证号或住址（Ctrl+F）</translation>
    </message>
    <message>
        <source>Answer (F5)</source>
        <translation>接听（F5）</translation>
    </message>
    <message>
        <source>Hang up (F8)</source>
        <translation>挂断（F8）</translation>
    </message>
    <message>
        <source>Call this elder (Ctrl+D)</source>
        <translation>回拨老人（Ctrl+D）</translation>
    </message>
    <message>
        <source>Complaint (Ctrl+K)</source>
        <translation>投诉（Ctrl+K）</translation>
    </message>
    <message>
        <source>Calls this shift</source>
        <translation>本班通话</translation>
    </message>
    <message>
        <source>No registered elder has this number. Find the elder with Ctrl+F (the call is attached to whoever you open), register the caller with Ctrl+N, or note what the call was about.</source>
        <translation>没有登记老人使用此号码。可按 Ctrl+F 查找老人（通话将关联到您打开的老人），按 Ctrl+N 登记来电人，或记下来电事由。</translation>
    </message>
    <message>
        <source>Register this caller (Ctrl+N)</source>
        <translation>登记来电人（Ctrl+N）</translation>
    </message>
    <message>
        <source>The call &amp;was</source>
        <translation>来电类型(&amp;W)</translation>
    </message>
    <message>
        <source>What the caller wanted, who they are</source>
        <translation>来电人身份及诉求</translation>
    </message>
    <message>
        <source>N&amp;ote</source>
        <translation>备注(&amp;O)</translation>
    </message>
    <message>
        <source>Save note (Enter)</source>
        <translation>保存备注（Enter）</translation>
    </message>
    <message>
        <source>number withheld</source>
        <translation>号码未显示</translation>
    </message>
    <message>
        <source>unknown caller</source>
        <translation>未知来电</translation>
    </message>
    <message>
        <source>ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>dialling</source>
        <translation>拨号中</translation>
    </message>
    <message>
        <source>talking</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>missed — call back</source>
        <translation>未接 —— 请回拨</translation>
    </message>
    <message>
        <source>%1 elders share %2 — who is calling?</source>
        <translation>%1 位老人共用 %2 —— 是谁来电？</translation>
    </message>
    <message>
        <source>%1 · %2 years · %3</source>
        <translation>%1 · %2 岁 · %3</translation>
    </message>
    <message>
        <source>Unknown caller: %1</source>
        <translation>未知来电：%1</translation>
    </message>
    <message>
        <source>%1 found for “%2” — Enter opens the card</source>
        <translation>“%2”找到 %1 位 —— 按 Enter 打开档案</translation>
    </message>
    <message>
        <source>Nobody found for “%2”</source>
        <translation>未找到“%2”</translation>
    </message>
    <message>
        <source>Hang up the current call (F8) before calling someone else.</source>
        <translation>请先挂断当前通话（F8）再呼叫他人。</translation>
    </message>
    <message>
        <source>No call</source>
        <translation>无通话</translation>
    </message>
    <message>
        <source>%1 ringing for %2 s</source>
        <translation>%1 振铃 %2 秒</translation>
    </message>
    <message>
        <source>Dialling %1 (%2 s) — F5 when answered</source>
        <translation>正在拨打 %1（%2 秒）—— 对方接听后按 F5</translation>
    </message>
    <message>
        <source>Talking with %1 — %2 s</source>
        <translation>正在与 %1 通话 —— %2 秒</translation>
    </message>
    <message>
        <source>Missed call from %1, %2 s ago — Ctrl+D calls back</source>
        <translation>%1 的未接来电（%2 秒前）—— 按 Ctrl+D 回拨</translation>
    </message>
    <message>
        <source>Call with %1 ended after %2 s</source>
        <translation>与 %1 的通话已结束，时长 %2 秒</translation>
    </message>
    <message>
        <source>Saved with the call.</source>
        <translation>已随通话记录保存。</translation>
    </message>
    <message>
        <source>Complaint recorded; it is handled on the Follow-up screen.</source>
        <translation>投诉已记录，请在回访界面处理。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>M</source>
        <comment>male, one letter</comment>
        <translation>男</translation>
    </message>
    <message>
        <source>F</source>
        <comment>female, one letter</comment>
        <translation>女</translation>
    </message>
    <message>
        <source>A · No family support (state pays all)</source>
        <translation>A · 三无（政府全额补贴）</translation>
    </message>
    <message>
        <source>B · Priority care (50 yuan a month)</source>
        <translation>B · 重点优抚（每月补贴 50 元）</translation>
    </message>
    <message>
        <source>C · Ordinary (20% below market)</source>
        <translation>C · 普通（低于市场价 20%）</translation>
    </message>
    <message>
        <source>D · Severe disability (state pays all)</source>
        <translation>D · 重度残疾（政府全额补贴）</translation>
    </message>
    <message>
        <source>A No support</source>
        <translation>A 三无</translation>
    </message>
    <message>
        <source>B Priority</source>
        <translation>B 优抚</translation>
    </message>
    <message>
        <source>C Ordinary</source>
        <translation>C 普通</translation>
    </message>
    <message>
        <source>D Disabled</source>
        <translation>D 重残</translation>
    </message>
    <message>
        <source>Self-care</source>
        <translation>自理</translation>
    </message>
    <message>
        <source>Partly dependent</source>
        <translation>半失能</translation>
    </message>
    <message>
        <source>Dependent</source>
        <translation>失能</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Deceased</source>
        <translation>已故</translation>
    </message>
    <message>
        <source>Moved away</source>
        <translation>迁出</translation>
    </message>
    <message>
        <source>Landline</source>
        <translation>固话</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>One-key phone</source>
        <translation>一键通</translation>
    </message>
    <message>
        <source>Living alone</source>
        <translation>独居</translation>
    </message>
    <message>
        <source>Empty nest</source>
        <translation>空巢</translation>
    </message>
    <message>
        <source>Low income</source>
        <translation>低保</translation>
    </message>
    <message>
        <source>Advanced age (80+)</source>
        <translation>高龄（80岁以上）</translation>
    </message>
    <message>
        <source>Lost only child</source>
        <translation>失独</translation>
    </message>
    <message>
        <source>Family-planning special family</source>
        <translation>计划生育特殊家庭</translation>
    </message>
    <message>
        <source>Centenarian</source>
        <translation>百岁老人</translation>
    </message>
    <message>
        <source>Alone</source>
        <comment>special group</comment>
        <translation>独居</translation>
    </message>
    <message>
        <source>80+</source>
        <comment>special group</comment>
        <translation>高龄</translation>
    </message>
    <message>
        <source>Lost child</source>
        <comment>special group</comment>
        <translation>失独</translation>
    </message>
    <message>
        <source>FP family</source>
        <comment>special group</comment>
        <translation>计生特殊</translation>
    </message>
    <message>
        <source>100+</source>
        <comment>special group</comment>
        <translation>百岁</translation>
    </message>
    <message>
        <source>Exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>SOS pendant</source>
        <translation>紧急呼叫挂件</translation>
    </message>
    <message>
        <source>Smoke detector</source>
        <translation>烟感报警器</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>已派单</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接单</translation>
    </message>
    <message>
        <source>In service</source>
        <translation>服务中</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒单</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Service request</source>
        <translation>服务请求</translation>
    </message>
    <message>
        <source>Enquiry</source>
        <translation>咨询</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Care call</source>
        <translation>关爱电话</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Silent call</source>
        <translation>无声电话</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>打错电话</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Alarm call</source>
        <translation>报警通话</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Being handled</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已处置</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Anxin — elderly-care hotline</source>
        <translation>安心 — 养老服务热线</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
</context>
<context>
    <name>OrderDetailView</name>
    <message>
        <source>Name of the firm&apos;s staff member</source>
        <translation>企业服务人员姓名</translation>
    </message>
    <message>
        <source>Reason or note (required to reject or cancel)</source>
        <translation>原因或备注（拒单、取消时必填）</translation>
    </message>
    <message>
        <source>&amp;Accepted</source>
        <translation>已接单(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Started</source>
        <translation>开始服务(&amp;S)</translation>
    </message>
    <message>
        <source>Co&amp;mpleted</source>
        <translation>服务完成(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Rejected</source>
        <translation>拒单(&amp;R)</translation>
    </message>
    <message>
        <source>Re-&amp;dispatch</source>
        <translation>改派(&amp;D)</translation>
    </message>
    <message>
        <source>Ca&amp;ncel order</source>
        <translation>取消工单(&amp;N)</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>结单(&amp;L)</translation>
    </message>
    <message>
        <source>S&amp;taff member</source>
        <translation>服务人员(&amp;T)</translation>
    </message>
    <message>
        <source>N&amp;ote / reason</source>
        <translation>备注/原因(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Firm</source>
        <translation>派往企业(&amp;F)</translation>
    </message>
    <message>
        <source>Select an order to see its details and history.</source>
        <translation>选择一张工单，查看详情和处理记录。</translation>
    </message>
    <message>
        <source>Your role may not do this; a supervisor can.</source>
        <translation>您的角色无权执行此操作，需由主管办理。</translation>
    </message>
    <message>
        <source>%1 (open orders: %2)</source>
        <translation>%1（在办工单：%2）</translation>
    </message>
    <message>
        <source>Suggested: %1</source>
        <translation>建议：%1</translation>
    </message>
    <message>
        <source>%1 (seat %2) is editing this order</source>
        <translation>%1（席位 %2）正在编辑此工单</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>disputed</source>
        <translation>有争议</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Elder</source>
        <translation>老人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>market %1, elder pays %2, government pays %3</source>
        <translation>市场价 %1，老人自付 %2，政府补贴 %3</translation>
    </message>
    <message>
        <source>Firm</source>
        <translation>服务企业</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>派单依据</translation>
    </message>
    <message>
        <source>Staff member</source>
        <translation>服务人员</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Cancel reason</source>
        <translation>取消原因</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>预约时间</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>服务时限</translation>
    </message>
    <message>
        <source> (limit %1 min)</source>
        <translation>（时限 %1 分钟）</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>派单</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>接单</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始服务</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>结单</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Rejections</source>
        <translation>拒单次数</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>报告人</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>History (%1)</source>
        <translation>处理记录（%1）</translation>
    </message>
    <message>
        <source>Service standard</source>
        <translation>服务标准</translation>
    </message>
</context>
<context>
    <name>OrderTableModel</name>
    <message>
        <source>Order no.</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Elder</source>
        <translation>老人</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <source>Firm</source>
        <translation>服务企业</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>服务人员</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Elder pays</source>
        <translation>老人自付</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>disputed</source>
        <translation>有争议</translation>
    </message>
    <message>
        <source>Past its deadline and not yet completed</source>
        <translation>已过服务时限，尚未完成</translation>
    </message>
    <message>
        <source>The callback found the service did not happen</source>
        <translation>回访发现服务未实际发生</translation>
    </message>
</context>
<context>
    <name>OrdersScreen</name>
    <message>
        <source>Search orders: order no., elder name, pinyin initials, phone or item   (Ctrl+F)</source>
        <translation>搜索工单：工单号、老人姓名、拼音首字母、电话或服务项目   (Ctrl+F)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>O&amp;verdue only</source>
        <translation>仅看超时(&amp;V)</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新在前</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>最早在前</translation>
    </message>
    <message>
        <source>Deadline first</source>
        <translation>按时限先后</translation>
    </message>
    <message>
        <source>All firms</source>
        <translation>全部企业</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Firm</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Created from</source>
        <translation>创建日期从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>%1+ orders</source>
        <translation>%1+ 张工单</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n 张工单</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Order %1 is now: %2</source>
        <translation>工单 %1 当前状态：%2</translation>
    </message>
    <message>
        <source>Order %1 was changed by %2 at %3 — reloaded; what you typed is kept.</source>
        <translation>工单 %1 已被 %2 于 %3 修改 —— 已重新加载；您输入的内容仍保留。</translation>
    </message>
</context>
<context>
    <name>PlaceholderScreen</name>
    <message>
        <source>Not available yet — coming in a later version.</source>
        <translation>此功能尚未开放，将在后续版本中提供。</translation>
    </message>
    <message>
        <source>Working now: Elders (Ctrl+4) and Firms (Ctrl+5) — search, view and edit the register.</source>
        <translation>现已可用：老人（Ctrl+4）和加盟企业（Ctrl+5）—— 查找、查看和修改档案。</translation>
    </message>
</context>
<context>
    <name>ReportLabels</name>
    <message>
        <source>Firm</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Factor</source>
        <translation>系数</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>工单数</translation>
    </message>
    <message>
        <source>Government share</source>
        <translation>政府补贴</translation>
    </message>
    <message>
        <source>Disputed held out</source>
        <translation>争议扣除</translation>
    </message>
    <message>
        <source>Eligible</source>
        <translation>核定补贴</translation>
    </message>
    <message>
        <source>Grade deduction</source>
        <translation>等级扣减</translation>
    </message>
    <message>
        <source>Payable</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <source>Co-payments</source>
        <translation>老人自付</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Orders created</source>
        <translation>工单总数</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Completion rate</source>
        <translation>完成率</translation>
    </message>
    <message>
        <source>Completed on time</source>
        <translation>按时完成</translation>
    </message>
    <message>
        <source>On-time rate</source>
        <translation>按时率</translation>
    </message>
    <message>
        <source>Overdue, still open</source>
        <translation>超时未完成</translation>
    </message>
    <message>
        <source>Disputed</source>
        <translation>争议工单</translation>
    </message>
    <message>
        <source>Calls in</source>
        <translation>呼入电话</translation>
    </message>
    <message>
        <source>Calls in answered</source>
        <translation>呼入接通</translation>
    </message>
    <message>
        <source>Calls out</source>
        <translation>呼出电话</translation>
    </message>
    <message>
        <source>%1 (orders / completed)</source>
        <translation>%1（工单数 / 已完成）</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
</context>
<context>
    <name>RequestPanel</name>
    <message>
        <source>Service request</source>
        <translation>服务请求</translation>
    </message>
    <message>
        <source>Item: Chinese name, pinyin initials (zc = 助餐) or code</source>
        <translation>服务项目：中文名、拼音首字母（zc = 助餐）或编码</translation>
    </message>
    <message>
        <source>&amp;Item</source>
        <translation>服务项目(&amp;I)</translation>
    </message>
    <message>
        <source>as soon as possible, or 15:30 / 12-05 09:00</source>
        <translation>尽快，或 15:30 / 12-05 09:00</translation>
    </message>
    <message>
        <source>&amp;When</source>
        <translation>时间(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation>数量(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Firm</source>
        <translation>服务企业(&amp;F)</translation>
    </message>
    <message>
        <source>Why another firm than the suggested one</source>
        <translation>为何不派给建议的企业</translation>
    </message>
    <message>
        <source>Reason for the &amp;change</source>
        <translation>改派原因(&amp;C)</translation>
    </message>
    <message>
        <source>Repeat last request (Ctrl+R)</source>
        <translation>重复上次服务（Ctrl+R）</translation>
    </message>
    <message>
        <source>Dispatch (Enter)</source>
        <translation>派单（Enter）</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>This elder&apos;s record is not active: no services can be dispatched.</source>
        <translation>该老人档案不在正常状态，不能派发服务。</translation>
    </message>
    <message>
        <source>loading price…</source>
        <translation>正在读取价格…</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>Elder pays %1, government pays %2 (category %3)</source>
        <translation>老人付 %1，政府补贴 %2（%3 类）</translation>
    </message>
    <message>
        <source>to be done within %1</source>
        <translation>须在 %1 内完成</translation>
    </message>
    <message>
        <source>No service standard recorded</source>
        <translation>未登记服务标准</translation>
    </message>
    <message>
        <source>%1 (%2 open)</source>
        <translation>%1（在办 %2）</translation>
    </message>
    <message>
        <source>Suggested: %1</source>
        <translation>建议：%1</translation>
    </message>
    <message>
        <source>%1 is no longer offered.</source>
        <translation>“%1”已停止提供。</translation>
    </message>
    <message>
        <source>Choose an item first.</source>
        <translation>请先选择服务项目。</translation>
    </message>
    <message>
        <source>When: %1 is not a time. Write 15:30, 12-05 09:00 or 2026-12-05 09:00, or leave it empty for as soon as possible.</source>
        <translation>时间：“%1”不是有效时间。请写 15:30、12-05 09:00 或 2026-12-05 09:00，留空表示尽快。</translation>
    </message>
    <message>
        <source>Say why the order goes to another firm than the suggested one.</source>
        <translation>请说明为何不派给建议的企业。</translation>
    </message>
    <message>
        <source>Dispatching…</source>
        <translation>正在派单…</translation>
    </message>
    <message>
        <source>Order %1 dispatched to %2: %3, due %4.</source>
        <translation>工单 %1 已派给 %2：%3，须在 %4 前完成。</translation>
    </message>
    <message>
        <source>Ctrl+B shows it on the order board.</source>
        <translation>按 Ctrl+B 在工单列表中查看。</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>New password for %1 (%2)</source>
        <translation>为 %1（%2）设置新密码</translation>
    </message>
    <message>
        <source>The new password also lifts a lockout. Tell it to the user in person.</source>
        <translation>设置新密码同时解除锁定。请当面告知该用户。</translation>
    </message>
    <message>
        <source>&amp;Set password</source>
        <translation>设置密码(&amp;S)</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Operator</source>
        <translation>话务员</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>RoutingReason</name>
    <message>
        <source>chosen by the operator: %1</source>
        <translation>话务员指定：%1</translation>
    </message>
    <message>
        <source>re-dispatched after a rejection: %1</source>
        <translation>原企业拒单后改派：%1</translation>
    </message>
    <message>
        <source>preferred firm of the elder</source>
        <translation>老人首选企业</translation>
    </message>
    <message>
        <source>fewest open orders (%1), tie broken by rotation</source>
        <translation>在办工单最少（%1），负载相同按轮换派单</translation>
    </message>
    <message>
        <source>fewest open orders (%1)</source>
        <translation>在办工单最少（%1）</translation>
    </message>
    <message>
        <source>the only eligible firm, open orders (%1)</source>
        <translation>唯一可派企业，在办工单 %1</translation>
    </message>
</context>
<context>
    <name>RowsEditor</name>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>Screens</name>
    <message>
        <source>Hotline</source>
        <translation>热线</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>报警</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Elders</source>
        <translation>老人</translation>
    </message>
    <message>
        <source>Firms</source>
        <translation>加盟企业</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>考核</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>统计看板</translation>
    </message>
    <message>
        <source>A live picture of the centre: calls waiting, open alarms, overdue orders and this month&apos;s figures.</source>
        <translation>中心的实时情况：等待接听的来电、未处理的报警、超时工单和本月各项数据。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>SearchableCombo</name>
    <message>
        <source>Type to search…</source>
        <translation>输入以查找…</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Gateway ports on this PC</source>
        <translation>本机网关端口</translation>
    </message>
    <message>
        <source>&amp;Serial ports (one a line)</source>
        <translation>串口(每行一个)(&amp;S)</translation>
    </message>
    <message>
        <source>SIA DC-09 &amp;listener (HOST:PORT)</source>
        <translation>SIA DC-09 监听地址(主机:端口)(&amp;L)</translation>
    </message>
    <message>
        <source>all lines</source>
        <translation>全部线路</translation>
    </message>
    <message>
        <source>The line numbers of a multi-line caller-ID box whose calls pop the caller&apos;s card at this seat, separated by commas or spaces, e.g. 01, 02. Leave empty for every line. Other seats still see the call in the live list.</source>
        <translation>多线来电显示盒的线路号：这些线路来电时在本席位弹出来电人卡片。用逗号或空格分隔，例如 01, 02。留空表示全部线路。其他席位仍可在实时列表中看到该来电。</translation>
    </message>
    <message>
        <source>&amp;Caller-ID lines that ring at this seat</source>
        <translation>在本席位振铃的来电显示线路(&amp;C)</translation>
    </message>
    <message>
        <source>Write each port as for “anxin gateway --serial”: the port (or usb=serial number, or usb=VID:PID), then protocol= callerid, callerid-com, surgard or ademco685, and baud, bytesize, parity, stopbits where the box differs from its usual settings. The console opens these ports on its next start.</source>
        <translation>每个端口的写法与“anxin gateway --serial”相同：先写端口(或 usb=序列号、usb=VID:PID)，再写 protocol= callerid、callerid-com、surgard 或 ademco685；设备与常用设置不同时再写 baud、bytesize、parity、stopbits。控制台下次启动时打开这些端口。</translation>
    </message>
    <message>
        <source>&amp;Save (Ctrl+S)</source>
        <translation>保存(Ctrl+S)(&amp;S)</translation>
    </message>
    <message>
        <source>Saved in %1</source>
        <translation>保存位置：%1</translation>
    </message>
    <message>
        <source>Subsidy rules and database backups will be set here in a later version.</source>
        <translation>补贴规则和数据库备份将在后续版本中在此设置。</translation>
    </message>
    <message>
        <source>Not saved. Correct these and save again:</source>
        <translation>未保存。请改正以下各项后重新保存：</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saved to %1. The console opens these ports on its next start.</source>
        <translation>已保存到 %1。控制台下次启动时打开这些端口。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Anxin — sign in</source>
        <translation>安心 — 登录</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <source>Sign in to Anxin</source>
        <translation>登录安心</translation>
    </message>
    <message>
        <source>Centre database: %1</source>
        <translation>中心数据库：%1</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quit Anxin</source>
        <translation>退出安心(&amp;Q)</translation>
    </message>
    <message>
        <source>Demo accounts</source>
        <translation>演示账号</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Demo mode: press Enter to sign in as the operator, or type another account.</source>
        <translation>演示模式：按回车键以话务员身份登录，或输入其他账号。</translation>
    </message>
    <message>
        <source>Type your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>StaffEditor</name>
    <message>
        <source>Add staff to %1</source>
        <translation>为 %1 添加服务人员</translation>
    </message>
    <message>
        <source>Edit staff of %1</source>
        <translation>修改 %1 的服务人员</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>Se&amp;x</source>
        <translation>性别(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>&amp;ID number</source>
        <translation>身份证号(&amp;I)</translation>
    </message>
    <message>
        <source>e.g. carer, housekeeper, meal courier</source>
        <translation>如：护理员、家政员、送餐员</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>岗位(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Certificate</source>
        <translation>资格证书(&amp;C)</translation>
    </message>
    <message>
        <source>Certified &amp;until</source>
        <translation>证书有效期至(&amp;U)</translation>
    </message>
    <message>
        <source>Works for the firm now</source>
        <translation>目前在该企业工作</translation>
    </message>
    <message>
        <source>&amp;Active</source>
        <translation>在职(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>Building the demo centre…</source>
        <translation>正在生成演示中心…</translation>
    </message>
    <message>
        <source>Anxin</source>
        <translation>安心</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Preparing the demo centre…</source>
        <translation>正在准备演示中心…</translation>
    </message>
    <message>
        <source>Service catalogue, firms and staff…</source>
        <translation>服务目录、加盟企业和服务人员…</translation>
    </message>
    <message>
        <source>Registering elders…</source>
        <translation>正在登记老人…</translation>
    </message>
    <message>
        <source>Writing six months of calls, orders and alarms…</source>
        <translation>正在生成近六个月的通话、工单和报警…</translation>
    </message>
    <message>
        <source>Building indexes…</source>
        <translation>正在建立索引…</translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation>即将完成…</translation>
    </message>
    <message>
        <source>Building the demo centre</source>
        <translation>正在生成演示中心</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Database not ready</source>
        <translation>数据库未就绪</translation>
    </message>
    <message>
        <source>The database at %1 is not ready for this version of Anxin. Ask the administrator to run “anxin db upgrade”, then start Anxin again.</source>
        <translation>数据库 %1 与当前版本的安心不匹配。请联系管理员运行“anxin db upgrade”，然后重新启动安心。</translation>
    </message>
    <message>
        <source>Anxin could not open the database at %1.</source>
        <translation>安心无法打开数据库 %1。</translation>
    </message>
</context>
<context>
    <name>TaskTab</name>
    <message>
        <source>Select a row to see the elder&apos;s card.</source>
        <translation>选择一行即可查看老人档案卡。</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Database unreachable</source>
        <translation>数据库无法连接</translation>
    </message>
    <message>
        <source>The database cannot be reached right now, so this was not done. Check the network or the database server and try again; what you entered is still on screen.</source>
        <translation>现在连接不上数据库，所以这一步没有完成。请检查网络或数据库服务器后重试；您填写的内容都还在。</translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation>程序内部错误</translation>
    </message>
    <message>
        <source>Something went wrong inside Anxin and this was not done. The details were written to the log; please tell the administrator. What you entered is still on screen.</source>
        <translation>安心程序内部出错，这一步没有完成。详细情况已写入日志，请告知管理员。您填写的内容都还在。</translation>
    </message>
</context>
<context>
    <name>UserForms</name>
    <message>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <source>Use 2 to 40 lower-case letters, digits, “.”, “_” or “-”, starting with a letter (for example zhangli).</source>
        <translation>请用 2 到 40 个小写字母、数字、“.”、“_”或“-”，以字母开头（例如 zhangli）。</translation>
    </message>
    <message>
        <source>This user name is already taken.</source>
        <translation>该用户名已被占用。</translation>
    </message>
    <message>
        <source>Too long: %1 characters, at most %2.</source>
        <translation>太长：%1 个字符，最多 %2 个。</translation>
    </message>
    <message>
        <source>At least %1 characters.</source>
        <translation>至少 %1 个字符。</translation>
    </message>
    <message>
        <source>The two passwords differ: type the same one twice.</source>
        <translation>两次输入的密码不一致：请输入相同的密码。</translation>
    </message>
    <message>
        <source>Choose a role from the list.</source>
        <translation>请从列表中选择角色。</translation>
    </message>
    <message>
        <source>%1 is the only active administrator: add another administrator first.</source>
        <translation>%1 是唯一在用的管理员：请先添加另一位管理员。</translation>
    </message>
    <message>
        <source>Too many wrong passwords: this account is locked until %1. Try again then, or ask an administrator to unlock it.</source>
        <translation>密码错误次数过多：该账号已锁定至 %1。请届时再试，或请管理员解锁。</translation>
    </message>
    <message>
        <source>This account has been deactivated. Ask an administrator to reactivate it.</source>
        <translation>该账号已被停用。请联系管理员重新启用。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>Only an administrator can manage users.</source>
        <translation>只有管理员可以管理用户。</translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation>至少 %1 个字符</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Password &amp;again</source>
        <translation>再次输入密码(&amp;A)</translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation>添加用户(&amp;A)…</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>重设密码(&amp;P)…</translation>
    </message>
    <message>
        <source>U&amp;nlock</source>
        <translation>解锁(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>Who may sign in at this centre, and as what.</source>
        <translation>可登录本中心的人员及其角色。</translation>
    </message>
    <message>
        <source>Who may sign in at this centre. Only an administrator can change users.</source>
        <translation>可登录本中心的人员。只有管理员可以修改用户。</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>重新启用(&amp;A)</translation>
    </message>
    <message>
        <source>Only an administrator can manage users.</source>
        <translation>只有管理员可以管理用户。</translation>
    </message>
    <message>
        <source>User %1 added.</source>
        <translation>已添加用户 %1。</translation>
    </message>
    <message>
        <source>New password set for %1.</source>
        <translation>已为 %1 设置新密码。</translation>
    </message>
    <message>
        <source>%1 can sign in again.</source>
        <translation>%1 已可以重新登录。</translation>
    </message>
    <message>
        <source>%1 can no longer sign in; their past work keeps their name.</source>
        <translation>%1 已不能登录；其以往的工作记录仍保留其姓名。</translation>
    </message>
</context>
</TS>
