<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>BodyChartWidget</name>
    <message>
        <location filename="../../gui/body_chart.py" line="265" />
        <source>Total burn: {0} % TBSA (partial + full thickness)</source>
        <translation>烧伤总面积：{0} % TBSA（部分厚度 + 全层）</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart.py" line="268" />
        <source>Assessed: {0} % ({1} % from photos, {2} % drawn on the chart)</source>
        <translation>已评估：{0} %（照片 {1} %，体表图绘制 {2} %）</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart.py" line="273" />
        <source>Assessed: {0} % of the body surface</source>
        <translation>已评估：{0} % 体表面积</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart.py" line="277" />
        <source>No assessment yet</source>
        <translation>尚无评估</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart.py" line="371" />
        <location filename="../../gui/body_chart.py" line="372" />
        <source>R</source>
        <translation>右</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart.py" line="371" />
        <location filename="../../gui/body_chart.py" line="372" />
        <source>L</source>
        <translation>左</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart.py" line="373" />
        <source>Anterior</source>
        <translation>前面</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart.py" line="373" />
        <source>Posterior</source>
        <translation>后面</translation>
    </message>
</context>
<context>
    <name>Canvas</name>
    <message>
        <location filename="../../gui/canvas.py" line="114" />
        <source>Segmentation opacity</source>
        <translation>分割图不透明度</translation>
    </message>
</context>
<context>
    <name>CaseController</name>
    <message>
        <location filename="../../gui/case_actions.py" line="101" />
        <source>Autosave failed: {0}</source>
        <translation>自动保存失败：{0}</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="123" />
        <source>Case not saved</source>
        <translation>病例未保存</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="126" />
        <source>Not saved: the patient's details were kept</source>
        <translation>未保存：患者信息保持不变</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="130" />
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="137" />
        <source>Save case</source>
        <translation>保存病例</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="138" />
        <location filename="../../gui/case_actions.py" line="184" />
        <source>BurnMap cases (*{0})</source>
        <translation>BurnMap 病例 (*{0})</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="152" />
        <source>Change the patient?</source>
        <translation>更改患者？</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="153" />
        <source>This case belongs to {0}.
Save it as {1}?

Changed: {2}.
The change is kept in the case's audit trail.</source>
        <translation>此病例属于 {0}。
是否保存为 {1}？

更改：{2}。
此更改将记录在病例的审计记录中。</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="167" />
        <source>This case</source>
        <translation>此病例</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="168" />
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="169" />
        <source>{0} has changes that are not saved.
Save them first?</source>
        <translation>{0} 有未保存的更改。
要先保存吗？</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="182" />
        <source>Open case</source>
        <translation>打开病例</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="199" />
        <source>Case not opened</source>
        <translation>病例未打开</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="204" />
        <source>Opened read-only</source>
        <translation>以只读方式打开</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="205" />
        <source>{0} is open read-only here: {1}.</source>
        <translation>{0} 在此以只读方式打开：{1}。</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="214" />
        <source>Recovery failed</source>
        <translation>恢复失败</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="278" />
        <source>No assessment</source>
        <translation>没有评估</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="282" />
        <source>Save assessment</source>
        <translation>保存评估</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="283" />
        <source>Assessor</source>
        <translation>评估者</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="285" />
        <source>Assessment not saved</source>
        <translation>评估未保存</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="286" />
        <source>Enter the name of the clinician who assessed the burn.</source>
        <translation>请输入评估该烧伤的临床医生姓名。</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="291" />
        <source>Assessment saved: {0:.1f} % TBSA</source>
        <translation>评估已保存：{0:.1f} % TBSA</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="296" />
        <source>No saved assessments</source>
        <translation>没有已保存的评估</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="297" />
        <source>Save the case and an assessment first.</source>
        <translation>请先保存病例和一次评估。</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="309" />
        <source>unsaved case</source>
        <translation>未保存的病例</translation>
    </message>
    <message>
        <location filename="../../gui/case_actions.py" line="310" />
        <source>(read-only)</source>
        <translation>（只读）</translation>
    </message>
</context>
<context>
    <name>CasePanel</name>
    <message>
        <location filename="../../gui/case_panel.py" line="70" />
        <source>Electrical injury (consensus 4 mL/kg/% TBSA)</source>
        <translation>电损伤（共识公式 4 mL/kg/% TBSA）</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="294" />
        <source>Time of injury</source>
        <translation>受伤时间</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="91" />
        <source>Add photo…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="92" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="44" />
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="45" />
        <source>&amp;Record number</source>
        <translation>病历号(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="46" />
        <source>Date of &amp;birth</source>
        <translation>出生日期(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="46" />
        <source>A&amp;ge</source>
        <translation>年龄(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="47" />
        <source>Se&amp;x</source>
        <translation>性别(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="47" />
        <source>&amp;Weight</source>
        <translation>体重(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="48" />
        <source>&amp;Time of injury</source>
        <translation>受伤时间(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="49" />
        <source>&amp;Fluid given</source>
        <translation>已输液量(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="64" />
        <source>years</source>
        <translation>岁</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="68" />
        <source>kg</source>
        <translation>千克</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="69" />
        <source>mL</source>
        <translation>毫升</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="88" />
        <source>&amp;Confirm this view</source>
        <translation>确认此视图(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="135" />
        <source>HH：MM</source>
        <translation>时：分</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="141" />
        <source>or: how many hours ago</source>
        <translation>或：几小时前</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="142" />
        <source>Type how many hours ago the injury was and press Enter: the date and time are filled in</source>
        <translation>输入受伤发生在几小时前并按回车：将自动填写日期和时间</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="204" />
        <source>weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="212" />
        <source>fluid given</source>
        <translation>已输液量</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="224" />
        <source>date of birth: type it as YYYY-MM-DD, from 1900 to today</source>
        <translation>出生日期：请按 年-月-日 格式输入（如 1985-03-08），范围为 1900 年至今天</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="225" />
        <source>age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="229" />
        <source>{0}: a number from {1:g} to {2:g}</source>
        <translation>{0}：须为 {1:g} 至 {2:g} 之间的数字</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="246" />
        <source>hours ago: at most {0}</source>
        <translation>几小时前：最多 {0}</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="268" />
        <source>Check the patient's details: {0}</source>
        <translation>请检查患者信息：{0}</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="276" />
        <source>date of injury: type it as YYYY-MM-DD, from 1900 to today</source>
        <translation>受伤日期：请按 年-月-日 格式输入（如 2026-12-07），范围为 1900 年至今天</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="278" />
        <source>enter the date of injury too</source>
        <translation>请同时填写受伤日期</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="280" />
        <source>enter the time of day of the injury (HH:MM): a date alone is not a time of injury</source>
        <translation>请填写受伤的具体时刻（时：分）：仅有日期不能作为受伤时间</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="295" />
        <source>The clocks went back that night: {0} happened twice. Which was it?</source>
        <translation>当晚时钟回拨：{0} 出现了两次。是哪一次？</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="298" />
        <source>The first (UTC{0})</source>
        <translation>第一次（UTC{0}）</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="300" />
        <source>The second (UTC{0})</source>
        <translation>第二次（UTC{0}）</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="311" />
        <source>{0}? (view to confirm)</source>
        <translation>{0}？（视图待确认）</translation>
    </message>
    <message>
        <location filename="../../gui/case_panel.py" line="325" />
        <source>Which view is {0}? The head suggests {1}: choose the view below and confirm it.</source>
        <translation>{0} 是哪个视图？根据头部建议为 {1}：请在下方选择视图并确认。</translation>
    </message>
</context>
<context>
    <name>ChartPainting</name>
    <message>
        <location filename="../../gui/chart_painting.py" line="98" />
        <source>{0}: this part is measured on {1}, which wins over the chart; edit the burn on that photo.</source>
        <translation>{0}：此部位由{1}测量，以照片为准；请在该照片上修改烧伤。</translation>
    </message>
    <message>
        <location filename="../../gui/chart_painting.py" line="104" />
        <source>Examined, no burn is entered on the body chart (Results &gt; Body chart): unburned skin on a photo is simply left unpainted.</source>
        <translation>“已检查、无烧伤”在体表图上标记（结果 &gt; 体表图）：照片上未烧伤的皮肤只需不涂绘。</translation>
    </message>
</context>
<context>
    <name>ClothedDialog</name>
    <message>
        <location filename="../../gui/photo_dialogs.py" line="58" />
        <source>Regions under clothing</source>
        <translation>被衣物遮盖的区域</translation>
    </message>
    <message>
        <location filename="../../gui/photo_dialogs.py" line="60" />
        <source>Mark the regions of {0} that clothing covers: they are not assessed unless a burn is painted on them.</source>
        <translation>标记 {0} 中被衣物遮盖的区域：除非在其上标注了烧伤，否则不予评估。</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../gui/fields.py" line="102" />
        <source>unknown (YYYY-MM-DD)</source>
        <translation>未知（年-月-日，如 1985-03-08）</translation>
    </message>
    <message>
        <location filename="../../gui/fields.py" line="106" />
        <source>Choose on a calendar</source>
        <translation>在日历上选择</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../gui/export_dialog.py" line="41" />
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="51" />
        <source>Name of the clinician who assessed the burn</source>
        <translation>评估该烧伤的临床医生姓名</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="55" />
        <source>Also write DICOM files (Encapsulated PDF, overlays)</source>
        <translation>同时写出 DICOM 文件（封装 PDF、叠加图）</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="75" />
        <source>Assessor</source>
        <translation>评估者</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="77" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="108" />
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="117" />
        <source>the open case ({0})</source>
        <translation>当前打开的病例（{0}）</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="122" />
        <source>Report not saved</source>
        <translation>报告未保存</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="127" />
        <source>The report was saved as {0}.</source>
        <translation>报告已保存为 {0}。</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="129" />
        <source>DICOM files: {0}</source>
        <translation>DICOM 文件：{0}</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="130" />
        <source>Report saved</source>
        <translation>报告已保存</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="137" />
        <source>No report</source>
        <translation>无报告</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../gui/history_dialog.py" line="28" />
        <source>Assessments over time</source>
        <translation>历次评估</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="32" />
        <source>Assessor</source>
        <translation>评估者</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="32" />
        <source>Assessed at</source>
        <translation>评估时间</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="33" />
        <source>Total (% TBSA)</source>
        <translation>总计（% TBSA）</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="40" />
        <source>Compare the two selected dates</source>
        <translation>比较所选的两个日期</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="44" />
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="44" />
        <source>Surface</source>
        <translation>面</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="44" />
        <source>Earlier (% TBSA)</source>
        <translation>较早（% TBSA）</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="45" />
        <source>Later (% TBSA)</source>
        <translation>较晚（% TBSA）</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="45" />
        <source>Change (% TBSA)</source>
        <translation>变化（% TBSA）</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="48" />
        <source>Select two rows to compare them.</source>
        <translation>选择两行进行比较。</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="49" />
        <source>Save at least two assessments to compare dates.</source>
        <translation>至少保存两次评估才能比较日期。</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="75" />
        <source>{0} (chart)</source>
        <translation>{0}（体表图）</translation>
    </message>
</context>
<context>
    <name>LegendPainter</name>
    <message>
        <location filename="../../gui/body_chart_legend.py" line="26" />
        <source>Superficial (not counted)</source>
        <translation>浅表（不计入）</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart_legend.py" line="27" />
        <source>Unburned</source>
        <translation>未烧伤</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart_legend.py" line="28" />
        <location filename="../../gui/body_chart_legend.py" line="43" />
        <source>Not assessed: no photo shows it</source>
        <translation>未评估：无照片显示该区域</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart_legend.py" line="30" />
        <source>Mostly covered by clothing</source>
        <translation>大部分被衣物遮盖</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart_legend.py" line="31" />
        <source>Drawn on the chart (not from a photo)</source>
        <translation>在体表图上绘制（非照片测量）</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart_legend.py" line="32" />
        <source>Examined, no burn (chart)</source>
        <translation>已检查、无烧伤（体表图）</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart_legend.py" line="51" />
        <source>Covered by clothing: {0} % of the region (a burn may be hidden)</source>
        <translation>被衣物遮盖：占该区域 {0} %（烧伤可能被遮挡）</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart_legend.py" line="36" />
        <source>Numbers: % of the region burned (partial + full thickness); (n): superficial only, not counted.</source>
        <translation>数字：该区域烧伤面积百分比（部分厚度 + 全层）；(n)：仅浅表烧伤，不计入。</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart_legend.py" line="41" />
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart_legend.py" line="45" />
        <source>Burned: {0} % of the region (partial + full thickness)</source>
        <translation>烧伤：占该区域 {0} %（部分厚度 + 全层）</translation>
    </message>
    <message>
        <location filename="../../gui/body_chart_legend.py" line="49" />
        <source>Superficial only: not counted in the total</source>
        <translation>仅浅表烧伤：不计入总面积</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="87" />
        <source>M2FP is not installed: the built-in default parser (MediaPipe Holistic) is used; it cannot see clothing or several people. To install M2FP, put its configuration.json and pytorch_model.pt in {0} or set BURNMAP_MODEL_DIR, then restart.</source>
        <translation>未安装 M2FP 模型：正在使用内置的默认解析器（MediaPipe Holistic），它无法识别衣物或多人。安装 M2FP：将其 configuration.json 和 pytorch_model.pt 放入 {0}，或设置 BURNMAP_MODEL_DIR，然后重新启动。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="108" />
        <source>Case</source>
        <translation>病例</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="105" />
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="109" />
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="178" />
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="179" />
        <source>Photos ({0})</source>
        <translation>照片 ({0})</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="189" />
        <source>Demo patient</source>
        <translation>演示患者</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="191" />
        <location filename="../../gui/main_window.py" line="202" />
        <source>Photo not opened</source>
        <translation>照片未打开</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="215" />
        <source> and the burn painted on it</source>
        <translation> 及其上绘制的烧伤</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="216" />
        <source>Remove photo</source>
        <translation>移除照片</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="217" />
        <source>Remove {0}{1} from the case? This cannot be undone.</source>
        <translation>从病例中移除 {0}{1}？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="251" />
        <source>Parsing {0}</source>
        <translation>正在解析 {0}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="269" />
        <source>No person was found on {0}: it adds nothing to the assessment.</source>
        <translation>{0} 上未找到人物：它对评估没有任何贡献。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="282" />
        <source>Confirm the view of {0} in the case panel.</source>
        <translation>请在病例面板中确认 {0} 的视图。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="314" />
        <source>Patient: person {0} of {1} on this photo</source>
        <translation>患者：此照片上 {1} 人中的第 {0} 人</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="320" />
        <source>Select patient: parse the photo first.</source>
        <translation>选择患者：请先解析照片。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="322" />
        <source>Nobody was found at that point: the segmentation found {0} person(s) on this photo ({1}).</source>
        <translation>该位置没有找到人物：分割在此照片上找到 {0} 人（{1}）。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="331" />
        <source>Parsing failed</source>
        <translation>解析失败</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="332" />
        <source>The body parts of {0} could not be labelled: {1}
The photo is kept; you can paint on it and try parsing again (Tools &gt; Parse).</source>
        <translation>无法标注 {0} 的身体部位：{1}
照片已保留；您可以在其上绘制，并重新尝试解析（工具 &gt; 解析）。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="337" />
        <source>Parsing cancelled</source>
        <translation>解析已取消</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="341" />
        <source>Segmentation: not yet run</source>
        <translation>分割：尚未运行</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="343" />
        <source>Segmentation: {0}</source>
        <translation>分割：{0}</translation>
    </message>
</context>
<context>
    <name>NumberField</name>
    <message>
        <location filename="../../gui/fields.py" line="39" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../gui/fields.py" line="69" />
        <source>Between {0:g} and {1:g}</source>
        <translation>介于 {0:g} 与 {1:g} 之间</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../gui/errors.py" line="60" />
        <source>Enter the patient's age or date of birth: the Lund-Browder shares depend on it.</source>
        <translation>请输入患者的年龄或出生日期：Lund-Browder 面积占比取决于年龄。</translation>
    </message>
    <message>
        <location filename="../../gui/errors.py" line="63" />
        <source>No person was found on the photos, so nothing can be measured: add a photo that shows the patient's body.</source>
        <translation>照片上未找到人物，因此无法测量：请添加显示患者身体的照片。</translation>
    </message>
    <message>
        <location filename="../../gui/errors.py" line="67" />
        <source>No assessment yet: add a photo and let it be parsed.</source>
        <translation>尚无评估：请添加照片并等待解析完成。</translation>
    </message>
    <message>
        <location filename="../../gui/errors.py" line="69" />
        <source>Check the patient's details: {0}</source>
        <translation>请检查患者信息：{0}</translation>
    </message>
</context>
<context>
    <name>ProgressStrip</name>
    <message>
        <location filename="../../gui/progress.py" line="17" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../gui/qt_words.py" line="11" />
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../gui/qt_words.py" line="12" />
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <location filename="../../gui/results_panel.py" line="32" />
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="32" />
        <source>Surface</source>
        <translation>面</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="33" />
        <source>{0} %</source>
        <translation>{0} %</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="34" />
        <source>% TBSA</source>
        <translation>% TBSA</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="34" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="37" />
        <source>{0}: % of the region's visible skin</source>
        <translation>{0}：占该区域可见皮肤的 %</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="63" />
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="64" />
        <source>Body chart</source>
        <translation>人体图</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="88" />
        <source>No assessment yet: parse a photo and enter the patient's age.</source>
        <translation>尚无评估：请解析照片并输入患者年龄。</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="110" />
        <source>Assessed: {0:.1f} % from photos, {1:.1f} % drawn on the body chart (examined, not measured from a photo)</source>
        <translation>已评估：照片 {0:.1f} %，体表图绘制 {1:.1f} %（经检查，非照片测量）</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="113" />
        <source>&lt;b&gt;Total burn: {0:.1f} % TBSA&lt;/b&gt; (partial + full thickness) of {4:.1f} % of the body surface assessed&lt;br&gt;By depth (% TBSA): {1}&lt;br&gt;Superficial (not counted): {2:.1f} % TBSA&lt;br&gt;Lund-Browder age band: {3}</source>
        <translation>&lt;b&gt;烧伤总面积：{0:.1f} % TBSA&lt;/b&gt;（部分厚度 + 全层），已评估体表 {4:.1f} %&lt;br&gt;按深度（% TBSA）：{1}&lt;br&gt;浅表（不计入）：{2:.1f} % TBSA&lt;br&gt;Lund-Browder 年龄段：{3}</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="133" />
        <source>{0:.0f} % of this surface drawn on the body chart, not measured from a photo</source>
        <translation>此体表面的 {0:.0f} % 在体表图上绘制，非照片测量</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="139" />
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="140" />
        <source>chart: examined, no burn</source>
        <translation>体表图：已检查、无烧伤</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="141" />
        <source>drawn on the chart</source>
        <translation>体表图绘制</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="142" />
        <source>photo + {0}</source>
        <translation>照片 + {0}</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="148" />
        <source>&lt;b&gt;Not assessed&lt;/b&gt; (no photo shows them, nothing entered on the body chart): {0}</source>
        <translation>&lt;b&gt;未评估&lt;/b&gt;（没有照片显示，体表图上也未标记）：{0}</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="162" />
        <source>Show volumes</source>
        <translation>查看液体量</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="185" />
        <source>&lt;b&gt;{0}&lt;/b&gt; ({1}): {2}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;（{1}）：{2}</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="187" />
        <source>&lt;b&gt;{0}&lt;/b&gt;: {1}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;：{1}</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="173" />
        <source>Formal resuscitation from {0:g} % TBSA: {1} ({2})</source>
        <translation>达到 {0:g} % TBSA 需正式液体复苏：{1}（{2}）</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="54" />
        <source>Depths: % of the region's visible skin (superficial shown, not counted). % TBSA: what the row adds to the total.</source>
        <translation>各深度列：占该区域可见皮肤的 %（显示一度烧伤，但不计入）。% TBSA：该行计入总面积的部分。</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="175" />
        <source>indicated</source>
        <translation>需要</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="175" />
        <source>not indicated</source>
        <translation>不需要</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="178" />
        <source>&lt;b&gt;Fluid notes&lt;/b&gt;: {0}</source>
        <translation>&lt;b&gt;补液说明&lt;/b&gt;：{0}</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="194" />
        <source>met</source>
        <translation>符合</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="194" />
        <source>to check</source>
        <translation>需核查</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="195" />
        <source>{0}: &lt;b&gt;{1}&lt;/b&gt; ({2})</source>
        <translation>{0}：&lt;b&gt;{1}&lt;/b&gt;（{2}）</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="197" />
        <source>&lt;b&gt;Referral ({0})&lt;/b&gt;: {1}</source>
        <translation>&lt;b&gt;转诊（{0}）&lt;/b&gt;：{1}</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="105" />
        <source>(each rounded; together {0:.2f})</source>
        <translation>（各自四舍五入；合计 {0:.2f}）</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="151" />
        <source>&lt;b&gt;Warnings&lt;/b&gt;: {0}</source>
        <translation>&lt;b&gt;警告&lt;/b&gt;：{0}</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="153" />
        <source>&lt;b&gt;Notes&lt;/b&gt;: {0}</source>
        <translation>&lt;b&gt;说明&lt;/b&gt;：{0}</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="167" />
        <source>Starting rate now: {0:,.0f} mL/h ({1})</source>
        <translation>当前起始速率：{0:,.0f} mL/h（{1}）</translation>
    </message>
    <message>
        <location filename="../../gui/results_panel.py" line="160" />
        <source>Fluid estimate: enter the weight.</source>
        <translation>补液估算：请输入体重。</translation>
    </message>
</context>
<context>
    <name>ToolsPanel</name>
    <message>
        <location filename="../../gui/tool_bar.py" line="27" />
        <source>Tool</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../gui/tool_bar.py" line="28" />
        <source>Brush (B)</source>
        <translation>画笔（B）</translation>
    </message>
    <message>
        <location filename="../../gui/tool_bar.py" line="28" />
        <source>Eraser (E)</source>
        <translation>橡皮擦（E）</translation>
    </message>
    <message>
        <location filename="../../gui/tool_bar.py" line="29" />
        <source>Fill region (F)</source>
        <translation>填充区域（F）</translation>
    </message>
    <message>
        <location filename="../../gui/tool_bar.py" line="30" />
        <source>Select patient (P)</source>
        <translation>选择患者（P）</translation>
    </message>
    <message>
        <location filename="../../gui/tool_bar.py" line="31" />
        <source>Examined, no burn (X): body chart</source>
        <translation>已检查、无烧伤（X）：体表图</translation>
    </message>
    <message>
        <location filename="../../gui/tool_bar.py" line="32" />
        <source>Burn depth</source>
        <translation>烧伤深度</translation>
    </message>
    <message>
        <location filename="../../gui/tool_bar.py" line="39" />
        <source>Show burn layer</source>
        <translation>显示烧伤图层</translation>
    </message>
    <message>
        <location filename="../../gui/tool_bar.py" line="93" />
        <source>Brush size: {0} px</source>
        <translation>画笔大小：{0} 像素</translation>
    </message>
</context>
<context>
    <name>ViewDialog</name>
    <message>
        <location filename="../../gui/photo_dialogs.py" line="21" />
        <source>View of the photo</source>
        <translation>照片视图</translation>
    </message>
    <message>
        <location filename="../../gui/photo_dialogs.py" line="22" />
        <source>Which view is {0}?</source>
        <translation>{0} 是哪个视图？</translation>
    </message>
    <message>
        <location filename="../../gui/photo_dialogs.py" line="24" />
        <source>The face suggests: {0}.</source>
        <translation>根据面部建议：{0}。</translation>
    </message>
</context>
<context>
    <name>_Funnel</name>
    <message>
        <location filename="../../gui/errors.py" line="94" />
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../gui/errors.py" line="95" />
        <source>BurnMap hit a bug; the window stays open. Save the case now and check what you were doing.

Details for support (no patient data) are in:
{0}</source>
        <translation>BurnMap 遇到程序错误；窗口保持打开。请立即保存病例，并检查您刚才的操作。

供技术支持的详细信息（不含患者数据）位于：
{0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/app.py" line="111" />
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="112" />
        <source>BurnMap did not close normally. Recover the work autosaved at {0} (UTC)?</source>
        <translation>BurnMap 上次未正常关闭。是否恢复于 {0}（UTC）自动保存的工作？</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/actions.py" line="30" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="31" />
        <source>&amp;New case</source>
        <translation>新建病例(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="32" />
        <source>Open &amp;case…</source>
        <translation>打开病例(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="33" />
        <source>Recent cases</source>
        <translation>最近的病例</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="35" />
        <source>&amp;Save case</source>
        <translation>保存病例(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="36" />
        <source>Save case &amp;as…</source>
        <translation>病例另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="39" />
        <source>Add &amp;photos…</source>
        <translation>添加照片(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="40" />
        <source>&amp;Remove photo</source>
        <translation>移除照片(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="42" />
        <source>Save assess&amp;ment…</source>
        <translation>保存评估(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="43" />
        <source>Assessment &amp;history…</source>
        <translation>评估历史(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="44" />
        <source>&amp;Export report…</source>
        <translation>导出报告(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="46" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="47" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="49" />
        <source>&amp;Undo stroke</source>
        <translation>撤销笔画(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="50" />
        <source>&amp;Redo stroke</source>
        <translation>重做笔画(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="51" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="52" />
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="53" />
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="54" />
        <source>&amp;Fit to window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="55" />
        <source>Show/hide &amp;burn layer</source>
        <translation>显示/隐藏烧伤图层(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="57" />
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="58" />
        <source>&amp;Parse body parts</source>
        <translation>解析身体部位(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="59" />
        <source>Photo &amp;view…</source>
        <translation>照片视图(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="60" />
        <source>Regions under &amp;clothing…</source>
        <translation>衣物遮盖区域(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="61" />
        <source>&amp;Brush</source>
        <translation>画笔(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="61" />
        <source>&amp;Eraser</source>
        <translation>橡皮擦(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="62" />
        <source>&amp;Fill region</source>
        <translation>填充区域(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="63" />
        <source>Select pa&amp;tient</source>
        <translation>选择患者(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="64" />
        <source>E&amp;xamined, no burn (body chart)</source>
        <translation>已检查、无烧伤（体表图）(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="67" />
        <source>Depth class {0}</source>
        <translation>深度等级 {0}</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="69" />
        <source>Smaller brush</source>
        <translation>减小画笔</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="70" />
        <source>Larger brush</source>
        <translation>增大画笔</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="71" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="78" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="79" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="80" />
        <source>&amp;About BurnMap</source>
        <translation>关于 BurnMap(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="86" />
        <source>New case</source>
        <translation>新建病例</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="86" />
        <source>Open case</source>
        <translation>打开病例</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="87" />
        <source>Save case / save as</source>
        <translation>保存病例 / 另存为</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="88" />
        <source>Save assessment</source>
        <translation>保存评估</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="88" />
        <source>Assessment history</source>
        <translation>评估历史</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="89" />
        <source>Export report (PDF, DICOM)</source>
        <translation>导出报告（PDF、DICOM）</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="90" />
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="90" />
        <source>Parse body parts</source>
        <translation>解析身体部位</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="91" />
        <source>Brush / eraser / fill region / select patient</source>
        <translation>画笔 / 橡皮擦 / 填充区域 / 选择患者</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="92" />
        <source>Body chart: fill a region as examined, no burn</source>
        <translation>体表图：将一个区域填充为已检查、无烧伤</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="94" />
        <source>Depth class: superficial, superficial partial, deep partial, full</source>
        <translation>深度等级：浅表、浅二度、深二度、全层</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="95" />
        <source>Smaller / larger brush</source>
        <translation>减小 / 增大画笔</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="96" />
        <source>Undo stroke</source>
        <translation>撤销笔画</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="96" />
        <source>Redo stroke</source>
        <translation>重做笔画</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="97" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="98" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="98" />
        <source>Fit to window</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="99" />
        <source>Show or hide the burn layer</source>
        <translation>显示或隐藏烧伤图层</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="99" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="100" />
        <source>This list</source>
        <translation>本列表</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="105" />
        <source>Wheel</source>
        <translation>滚轮</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="105" />
        <source>Zoom at the cursor</source>
        <translation>以光标为中心缩放</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="106" />
        <source>Middle drag, Space + drag</source>
        <translation>中键拖动、空格 + 拖动</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="106" />
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="112" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="118" />
        <source>no photo parsed yet</source>
        <translation>尚未解析任何照片</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="119" />
        <source>&lt;h3&gt;BurnMap {0}&lt;/h3&gt;&lt;p&gt;{1}&lt;/p&gt;&lt;p&gt;Segmentation model: {2}&lt;/p&gt;&lt;p&gt;Runs offline; makes no network connection.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;BurnMap {0}&lt;/h3&gt;&lt;p&gt;{1}&lt;/p&gt;&lt;p&gt;分割模型：{2}&lt;/p&gt;&lt;p&gt;离线运行；不进行任何网络连接。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="125" />
        <source>About BurnMap</source>
        <translation>关于 BurnMap</translation>
    </message>
</context>
</TS>