"""What the parser must find in each real capture of ../shared/fixtures/tme (checked by hand).

Per page: kind, channel, ids; for every third message (id, published UTC, views, text
start, media kinds, edited, service). Landing pages: the start of the reason.
"""

# ruff: noqa: E501

EXPECTED = {
    'tme_joinchat_so8YUpEsL4BkZGQy_2023_private_channel_invite.html': {"kind": 'landing', "reason": "private channel 'Джейпег Малевича'"},
    'tme_page_botfather_2023_bot.html': {"kind": 'landing', "reason": "'BotFather' is a user or bot, not a chan"},
    'tme_page_codecamp_2023_channel_with_preview_link.html': {"kind": 'landing', "reason": "channel 'CodeCamp' answered with its lan"},
    'tme_page_nonexistent_username_2026.html': {"kind": 'landing', "reason": 'no such channel'},
    'tme_page_ru_python_2023_group_no_preview.html': {"kind": 'landing', "reason": "'Python"},
    'tme_s_antichristone_2023-05_service_poll_roundvideo.html': {
        "kind": "channel", "channel": 'antichristone', "before": 483,
        "ids": [483, 485, 486, 489, 490, 492, 493, 495, 497, 499, 500, 502, 503, 504, 506, 509, 515, 516, 517],
        "incomplete": [],
        "messages": [
            (483, '2023-03-14T15:53:32', None, 'Live stream finished (44', [], False, True),
            (489, '2023-03-17T17:12:34', 30300, 'Wassup, сегодня познаком', [], True, False),
            (493, '2023-03-24T11:14:22', None, 'Antichrist Blog | 反キリスト∸', [], False, True),
            (499, '2023-03-30T10:11:06', 29300, 'Wassup, важный опрос!\n\nЕ', [], False, False),
            (503, '2023-03-31T15:29:07', 51000, 'В понедельник выйдет пат', ['document'], True, False),
            (509, '2023-04-05T14:20:39', 52400, 'Wassup, информация по об', [], False, False),
            (517, '2023-05-02T17:22:48', 11000, '', ['poll'], False, False),
        ],
    },
    'tme_s_codecamp_2023-05_ru_forwarded_photo_video.html': {
        "kind": "channel", "channel": 'codecamp', "before": 2357,
        "ids": [2357, 2358, 2359, 2360, 2361, 2362, 2363, 2364, 2365, 2366, 2367, 2368, 2369, 2370, 2371, 2372, 2373, 2374, 2375, 2376],
        "incomplete": [],
        "messages": [
            (2357, '2023-05-01T07:45:19', 60800, 'Пора познакомиться с Lyr', ['photo'], False, False),
            (2360, '2023-05-02T17:14:29', 10000, 'Прикольный видос, которы', ['video'], False, False),
            (2363, '2023-05-03T08:00:48', 8600, 'Написать гибкий код, поч', ['photo'], False, False),
            (2366, '2023-05-03T11:27:01', 9600, 'Процесс тестирования выг', ['video'], False, False),
            (2369, '2023-05-04T07:41:45', 9500, 'Сходил к этому вашему пс', ['photo'], False, False),
            (2372, '2023-05-04T13:00:57', 7900, 'Нашел для вас полезную ш', ['document'], False, False),
            (2375, '2023-05-05T08:40:08', 4900, 'Тут недавно прошел Всеми', [], False, False),
        ],
    },
    'tme_s_d_code_2023-05_ru_edited_custom_emoji.html': {
        "kind": "channel", "channel": 'd_code', "before": 16399,
        "ids": [16399, 16400, 16401, 16402, 16403, 16404, 16405, 16406, 16407, 16408, 16409, 16410, 16411, 16412, 16413, 16414, 16415, 16416, 16417, 16418],
        "incomplete": [],
        "messages": [
            (16399, '2023-05-03T15:46:04', 36100, '💪 Эстетика Дурова //\n\nИн', ['link_preview'], True, False),
            (16402, '2023-05-04T09:37:42', 33600, '🎙 Алиса полиглот //\n\nЯнд', ['link_preview'], False, False),
            (16405, '2023-05-04T14:30:18', 32700, 'Сдаёте квартиру?\n\nНаверн', ['photo'], False, False),
            (16408, '2023-05-04T19:00:42', 33300, '📞 Обзор POCO X5 Pro 5G /', ['link_preview'], True, False),
            (16411, '2023-05-05T10:00:30', 29500, '🎮 Xbox в России с пробле', ['link_preview'], False, False),
            (16414, '2023-05-05T15:01:25', 26000, '🤩 Фальшивки //\n\nМосковск', ['link_preview'], True, False),
            (16417, '2023-05-06T10:01:43', 17700, '🥺 Антисанкционный банан ', ['link_preview'], True, False),
        ],
    },
    'tme_s_durov_2026-05_2026-08_reactions_video_custom_emoji.html': {
        "kind": "channel", "channel": 'durov', "before": 519,
        "ids": [519, 520, 521, 522, 523, 524, 525, 526, 527, 528, 529, 531, 532, 533, 534, 535, 536, 537, 538, 539],
        "incomplete": [],
        "messages": [
            (519, '2026-05-20T15:38:10', 8670000, '🤖 Your Telegram inbox ca', ['video'], False, False),
            (522, '2026-06-01T15:46:12', 7050000, '', ['photo'], False, False),
            (525, '2026-06-12T19:15:19', 16100000, '🔄 Telegram’s new update ', ['link_preview'], False, False),
            (528, '2026-06-15T18:58:13', 18100000, '⛔️ The UK government wan', [], False, False),
            (532, '2026-07-19T21:45:01', 5030000, '🎠 Telegram now supports ', ['video'], False, False),
            (535, '2026-07-30T16:52:37', 4100000, '💣 Russia has designated ', [], True, False),
            (538, '2026-08-04T15:20:04', 2150000, 'Last night, Apple briefl', ['link_preview'], True, False),
        ],
    },
    'tme_s_excelhackru_2023-05_ru_poll_grouped_video.html': {
        "kind": "channel", "channel": 'excelhackru', "before": 1321,
        "ids": [1321, 1329, 1331, 1335, 1337, 1338, 1342, 1344, 1349, 1350, 1351, 1352, 1354, 1355, 1356, 1358, 1361, 1363],
        "incomplete": [],
        "messages": [
            (1321, '2023-03-21T08:01:29', 25600, 'А у вас была такая пробл', ['album', 'photo', 'photo', 'photo', 'photo'], False, False),
            (1335, '2023-04-02T08:01:06', 21100, '⏺А вам приходилось сорти', ['video'], True, False),
            (1342, '2023-04-09T08:01:35', 22400, 'А вы удаляете пустые стр', ['video'], True, False),
            (1350, '2023-04-18T07:35:36', 19800, '', ['document'], False, False),
            (1354, '2023-04-20T17:50:27', 15100, '', ['poll'], False, False),
            (1358, '2023-04-25T08:02:02', 17400, 'Вам прислали отчет в пер', ['video'], True, False),
        ],
    },
    'tme_s_habr_com_2023-05_ru_link_previews.html': {
        "kind": "channel", "channel": 'habr_com', "before": 56622,
        "ids": [56622, 56623, 56624, 56625, 56626, 56627, 56628, 56629, 56630, 56631, 56632, 56633, 56634, 56635, 56636, 56637, 56638, 56639, 56640, 56641],
        "incomplete": [],
        "messages": [
            (56622, '2023-05-05T05:24:00', 12300, '⚡️ Новости к этому часу\n', ['link_preview'], False, False),
            (56625, '2023-05-05T09:44:09', 11400, 'Сегодня в 14:00 МСК разб', ['link_preview'], False, False),
            (56628, '2023-05-05T11:30:15', 11200, '⚡️ Новости к этому часу\n', ['link_preview'], False, False),
            (56631, '2023-05-05T13:30:25', 11000, '«63 часа работы в неделю', ['link_preview'], False, False),
            (56634, '2023-05-05T15:30:16', 10800, 'Тест на пол-лимона для с', ['link_preview'], False, False),
            (56637, '2023-05-05T18:58:00', 11800, '«Я долго мучился вопросо', ['link_preview'], False, False),
            (56640, '2023-05-06T12:00:47', 6400, '«Мне осталось 3 года до ', ['link_preview'], False, False),
        ],
    },
    'tme_s_vtosters_2022-10_2023-04_ru_forwarded_inline_keyboard.html': {
        "kind": "channel", "channel": 'vtosters', "before": 1434,
        "ids": [1434, 1436, 1439, 1440, 1442, 1443, 1444, 1446, 1447, 1449, 1451, 1452, 1457, 1458, 1459, 1460],
        "incomplete": [],
        "messages": [
            (1434, '2022-10-20T15:55:36', 128500, 'VTLite\n0.4.22\n\nСкачать о', ['photo'], True, False),
            (1440, '2022-12-05T05:39:19', 110000, 'Скоро 🎉', ['photo'], False, False),
            (1444, '2022-12-28T06:59:35', 103600, 'VTLite\n0.5.1\n\nСкачать об', ['photo'], False, False),
            (1449, '2023-02-12T11:45:59', 109000, 'VTLite\n0.5.4\n\nСкачать об', ['photo'], True, False),
            (1457, '2023-04-01T15:21:25', 57500, 'VTLite\n0.6.0\n\nСкачать об', ['photo'], False, False),
            (1460, '2023-04-29T16:59:34', 22800, 'VTLite\n0.6.2\n\nСкачать об', ['photo'], False, False),
        ],
    },
}
