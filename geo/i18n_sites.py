"""Words of the townships' own stops (the township page, its API and the planners' flags),
Chinese and English; merged into ``geo.i18n``'s one table."""

from __future__ import annotations

SITE_TEXT: dict[str, tuple[str, str]] = {
    "role_township": ("乡镇填报员", "Township staff"),
    "admin_township": ("所属乡镇", "Township"),
    "admin_township_help": ("仅乡镇填报员需要", "only for township staff"),
    "admin_rev_township": ("乡镇修改考察点", "a township's stop edit"),
    "site_page": ("本乡镇考察点", "Our township's stops"),
    "site_intro": (
        "点击“添加考察点”，再在地图上本乡镇范围内点选位置；"
        "选中考察点后可“移动位置”、修改内容和上传照片。",
        "Press “Add a stop”, then click the map inside the township; "
        "choose a stop to move it, edit it or add photos.",
    ),
    "site_add": ("添加考察点", "Add a stop"),
    "site_click_to_add": (
        "请在地图上本乡镇范围内点选新考察点的位置",
        "Click the map inside the township where the new stop is",
    ),
    "site_cancel": ("取消", "Cancel"),
    "site_moved_button": ("移动位置", "Move it"),
    "site_move_click": ("请在地图上点选考察点的新位置", "Click the map where the stop is now"),
    "site_photo_count": ("{n} 张照片", "{n} photo(s)"),
    "site_save": ("保存", "Save"),
    "site_saved": ("已保存（图层修订 {revision}）", "Saved (layer revision {revision})"),
    "site_added": ("已添加考察点 {name}", "Stop {name} added"),
    "site_moved": ("已移动（图层修订 {revision}）", "Moved (layer revision {revision})"),
    "site_conflict": (
        "该考察点已被他人修改，请刷新页面后重试",
        "Someone changed this stop meanwhile: reload the page and try again",
    ),
    "site_error": ("未保存：{error}", "Not saved: {error}"),
    "site_new": ("新考察点", "New stop"),
    "site_edit": ("编辑考察点", "Edit the stop"),
    "site_list": ("考察点列表", "Stops"),
    "site_none": ("本乡镇还没有考察点", "The township has no stops yet"),
    "site_position": ("位置", "Position"),
    "name_zh": ("中文名称", "Name (Chinese)"),
    "name_en": ("英文名称", "Name (English)"),
    "description_zh": ("中文说明", "Description (Chinese)"),
    "description_en": ("英文说明", "Description (English)"),
    "presenter": ("讲解人", "Presenter"),
    "talking_points": ("讲解要点", "Talking points"),
    "site_photos": ("照片", "Photos"),
    "site_photo_file": ("照片（JPEG 或 PNG，最大 {mb} MB）", "Photo (JPEG or PNG, up to {mb} MB)"),
    "site_keep_location": (
        "保留照片中的拍摄位置（GPS）",
        "Keep the photo's location (GPS) in the stored file",
    ),
    "site_photo_upload": ("上传照片", "Upload the photo"),
    "site_photo_added": ("照片已上传", "Photo uploaded"),
    "site_photo_place": (
        "照片的拍摄位置：{lon}, {lat}",
        "The photo was taken at {lon}, {lat}",
    ),
    "site_photo_use": ("用照片位置作为新考察点", "Place a new stop there"),
    "site_photo_locate": (
        "从照片的拍摄位置添加考察点",
        "Add a stop where a photo was taken",
    ),
    "site_remove": ("删除", "Remove"),
    "site_no_photos": ("还没有照片", "No photos yet"),
    "site_choose": ("请先选择照片文件", "Choose a photo file first"),
    "site_history": ("修改记录", "History"),
    "site_history_add": ("添加", "added"),
    "site_history_edit": ("修改", "changed"),
    "site_history_photo": ("上传照片", "photo added"),
    "site_history_photo_removed": ("删除照片", "photo removed"),
    # on the planners' plan page
    "site_flag_new": ("乡镇新增", "new by the township"),
    "site_flag_changed": ("乡镇已修改", "changed by the township"),
    "site_flag_title": ("{user} 于 {at}", "{user}, {at}"),
}
