"""Words of the page chrome, the map furniture and the error pages (Chinese, English), kept
apart from the domain vocabulary in ``geo.i18n`` which merges them into its one table."""

from __future__ import annotations

PAGE_TEXT: dict[str, tuple[str, str]] = {
    # page chrome
    "menu": ("菜单", "Menu"),
    "skip_to_content": ("跳到正文", "Skip to content"),
    "skip_to_panel": ("跳到方案面板", "Skip to the plan panel"),
    # map furniture
    "township_names": ("乡镇名称", "Township names"),
    "places_legend": ("出发地、住地与车站", "Start, hotel and station"),
    "place_kind": ("类型", "Kind"),
    "place_government": ("县政府（默认出发地）", "County government (default start)"),
    "place_hotel": ("宾馆（住地）", "Hotel"),
    "place_station": ("车站", "Station"),
    "tour_order": ("考察顺序", "Visiting order"),
    "tour_direction": ("行驶方向", "Driving direction"),
    "print_number_key": ("图中编号", "Numbers on the map"),
    "map_search": ("查找考察点、乡镇、污水厂或地点", "Find a stop, township, plant or place"),
    "map_search_none": ("未找到“{q}”", "Nothing matches “{q}”"),
    "map_search_hint": ("查找：名称、拼音或编号", "Find: name, pinyin or id"),
    "map_search_count": (
        "找到 {n} 项，用上下键选择，回车前往",
        "{n} found: arrow keys to choose, Enter to go",
    ),
    "map_search_too_long": ("查找内容不能超过 {n} 个字", "A search may be at most {n} characters"),
    "map_search_failed": ("查找失败：{error}", "Search failed: {error}"),
    "map_search_kind_townships": ("乡镇", "Township"),
    "map_search_kind_places": ("地点", "Place"),
    "map_search_kind_sewage_plants": ("污水处理厂", "Sewage plant"),
    "map_search_kind_stops": ("考察点", "Inspection stop"),
    # error pages
    "error_code": ("错误代码 {n}", "Error {n}"),
    "error_title": ("出错了", "Something went wrong"),
    "error_hint": ("请返回重试。", "Please go back and try again."),
    "error_400_title": ("请求有误", "The request could not be used"),
    "error_400_hint": ("请检查填写的内容后重试。", "Check what was entered and try again."),
    "error_401_title": ("请先登录", "Please log in"),
    "error_401_hint": ("登录后才能进行此操作。", "You need to log in to do this."),
    "error_403_title": ("没有权限", "Not allowed"),
    "error_403_hint": (
        "当前账号无权进行此操作，请以有权限的账号登录。",
        "This account may not do this; log in with an account that may.",
    ),
    "error_404_title": ("页面不存在", "Page not found"),
    "error_404_hint": (
        "地址可能有误，或该内容已被删除。",
        "The address may be wrong, or the item has been deleted.",
    ),
    "error_405_title": ("不支持此操作", "This action is not supported here"),
    "error_405_hint": ("请从页面上的按钮或链接进入。", "Please use the page's buttons and links."),
    "error_409_title": ("内容已被他人修改", "Changed by someone else"),
    "error_409_hint": ("请重新打开页面后再修改。", "Reload the page and make the change again."),
    "error_413_title": ("文件太大", "File too large"),
    "error_413_hint": (
        "上传的文件不能超过 {mb} MB，请压缩或拆分后重新上传。",
        "Uploads may be at most {mb} MB; compress or split the file and try again.",
    ),
    "error_422_title": ("内容无法使用", "The data could not be used"),
    "error_422_hint": ("请按下面的说明修改后重试。", "Fix what is described below and try again."),
    "error_429_title": ("请求过于频繁", "Too many requests"),
    "error_429_hint": (
        "为保证所有用户的速度，每个用户（或地址）每分钟的请求数有上限；请稍候再试",
        "Each user (or address) may send only so many requests a minute, so that the app stays "
        "fast for everyone; wait a moment and try again",
    ),
    "error_500_title": ("服务器出错", "Something went wrong on the server"),
    "error_500_hint": (
        "请稍后重试；如果问题仍然存在，请联系管理员。",
        "Please try again later; if it keeps happening, tell the administrator.",
    ),
    "error_home": ("返回地图", "Back to the map"),
    "error_login_as": ("重新登录", "Log in again"),
}
