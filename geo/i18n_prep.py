"""Words of the preparation behind the visit (review visit, preparation tasks, indicator
archive, progress report), Chinese then English, merged into ``geo.i18n``'s one table."""

from __future__ import annotations

PREP_TEXT: dict[str, tuple[str, str]] = {
    # the review visit
    "review_visit": ("评审安排", "Review visit"),
    "review_start": ("评审首日", "First review day"),
    "review_end": ("评审末日", "Last review day"),
    "review_days": ("共{n}天", "{n} day(s)"),
    "review_unset": ("尚未确定评审日期", "The review dates are not set yet"),
    "review_save": ("保存评审安排", "Save the review visit"),
    "review_saved": ("评审安排已保存(第 {v} 版)", "Review visit saved (version {v})"),
    "review_experts": ("专家组", "Expert panel"),
    "expert_name": ("姓名", "Name"),
    "expert_affiliation": ("单位", "Affiliation"),
    "expert_role": ("职务/分工", "Role"),
    "expert_add": ("添加专家", "Add an expert"),
    "expert_remove": ("删除", "Remove"),
    "print_show_experts": ("封面列出专家组", "List the expert panel on the cover"),
    # preparation tasks
    "prep_tasks": ("迎检筹备任务", "Preparation tasks"),
    "prep_tasks_link": ("筹备任务", "Preparation tasks"),
    "prep_kind_layout": ("现场布置", "Site layout"),
    "prep_kind_explanation": ("讲解", "Explanation"),
    "prep_kind_boards": ("展板", "Display boards"),
    "prep_kind_cleanup": ("保洁", "Clean-up"),
    "prep_kind_rehearsal": ("演练", "Rehearsal"),
    "prep_unit": ("责任单位", "Responsible unit"),
    "prep_person": ("责任人", "Responsible person"),
    "prep_deadline": ("截止日期", "Deadline"),
    "prep_days_before": ("评审前{n}天", "{n} day(s) before the review"),
    "prep_township_government": ("{name}人民政府", "{name} government"),
    "prep_progress_done": ("已完成", "Done"),
    "prep_progress_late": ("逾期", "Late"),
    "prep_progress_due": ("临近截止", "Due"),
    "prep_progress_todo": ("未到期", "Not yet due"),
    "prep_progress_undated": ("待定评审日期", "Awaits the review date"),
    "prep_total": ("合计", "Total"),
    "prep_county": ("全县", "County"),
    "prep_all_townships": ("全部乡镇", "All townships"),
    "prep_none": ("暂无筹备任务", "No preparation tasks yet"),
    "prep_add": ("添加任务", "Add a task"),
    "prep_add_standard": (
        "为每个考察点生成标准任务(布置、讲解、展板、保洁、演练)",
        "Add the standard tasks for every site (layout, explanation, boards, clean-up, rehearsal)",
    ),
    "prep_site": ("考察点", "Site"),
    "prep_kind": ("任务", "Task"),
    "prep_today": ("今日(县时间):{d}", "Today (county time): {d}"),
    "prep_open_on_map": ("待完成", "open"),
}
