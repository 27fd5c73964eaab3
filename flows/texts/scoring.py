"""Texts of scoring, certification and stamps from the chat (flows/scoring.py), the producer's
self-assessment (flows/self_assessment.py) and what the producer and the province are told
(handlers/scoring_effects.py). A notice's values are the same in every language."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "MENU_SCORE": ("Chấm điểm, công nhận OCOP", "Score and certify (OCOP)"),
    "MENU_ISSUE_STAMPS": ("Phát hành tem", "Issue stamps"),
    "MENU_SELF_ASSESS": ("Tự chấm điểm sản phẩm", "Score my product myself"),
    "SCORE_LOADING": ("Đang tìm…", "Looking it up…"),
    # --- the parts of every rule set ----------------------------------------------------
    "SCORE_PART_A": ("Sản phẩm và sức mạnh cộng đồng", "Product and community strength"),
    "SCORE_PART_B": ("Khả năng tiếp thị", "Marketing"),
    "SCORE_PART_C": ("Chất lượng sản phẩm", "Product quality"),
    "SCORE_LEVEL_DISTRICT": ("Hội đồng cấp huyện", "The district council"),
    "SCORE_LEVEL_PROVINCE": ("Hội đồng cấp tỉnh", "The province council"),
    # --- the list -----------------------------------------------------------------------
    "SCORE_LIST_HEAD": (
        "Sản phẩm chờ hội đồng của anh/chị chấm điểm: {total} (cũ nhất trước):",
        "Products waiting for your council's score: {total} (oldest first):",
    ),
    "SCORE_LIST_ROW": (
        "• {product} ({number}), {commune}",
        "• {product} ({number}), {commune}",
    ),
    "SCORE_LIST_ROW_AFTER_DISTRICT": (
        "• {product} ({number}), {commune}: huyện chấm {earlier} điểm",
        "• {product} ({number}), {commune}: the district gave {earlier} points",
    ),
    "SCORE_LIST_FOOT": (
        'Gõ số để chấm một sản phẩm. Gõ "hủy" để thôi.',
        'Type a number to score a product. Type "cancel" to stop.',
    ),
    "SCORE_LIST_EMPTY": (
        "✅ Không có sản phẩm nào đang chờ hội đồng của anh/chị chấm điểm.",
        "✅ No product is waiting for your council's score.",
    ),
    "SCORE_NOT_WAITING": (
        "Sản phẩm này không còn chờ hội đồng của anh/chị chấm điểm (có thể đã được chấm).",
        "This product is no longer waiting for your council's score (it may have been scored).",
    ),
    # --- the parts ----------------------------------------------------------------------
    "SCORE_HEAD": (
        "Chấm điểm: {product} ({number}), {level}.",
        "Scoring: {product} ({number}), {level}.",
    ),
    "SCORE_ASK_PART": (
        "Phần {part} – {name}: anh/chị nhập điểm hội đồng chấm, từ 0 đến {max}.",
        "Part {part} – {name}: type the council's points, from 0 to {max}.",
    ),
    "SCORE_EARLIER_PART": (
        "(Hội đồng huyện đã chấm phần này: {points} điểm.)",
        "(The district council gave this part {points} points.)",
    ),
    "SCORE_NOT_A_NUMBER": (
        "Anh/chị nhập một số điểm nguyên, từ 0 đến {max}, ví dụ 20.",
        "Please type whole points, from 0 to {max}, for example 20.",
    ),
    "SCORE_OUT_OF_RANGE": (
        (
            "Phần {part} tối đa {max} điểm, anh/chị vừa nhập {points}. Anh/chị nhập lại một số "
            "từ 0 đến {max}."
        ),
        (
            "Part {part} has at most {max} points; you typed {points}. Please type a number from "
            "0 to {max}."
        ),
    ),
    "SCORE_CONFIRM_HEAD": ("Điểm của {product}:", "The points of {product}:"),
    "SCORE_CONFIRM_PART": (
        "• Phần {part} ({name}): {points}/{max}",
        "• Part {part} ({name}): {points}/{max}",
    ),
    "SCORE_CONFIRM_TOTAL": (
        "Tổng: {total}/100 điểm, tức {stars} sao.",
        "Total: {total}/100 points, that is {stars} stars.",
    ),
    "SCORE_NEXT_BELOW": (
        (
            "Chưa đủ {threshold} điểm nên sản phẩm chưa được công nhận OCOP. Người đăng ký sẽ "
            "được báo kết quả và phần bị mất nhiều điểm nhất."
        ),
        (
            "Under {threshold} points, so the product is not certified OCOP. The applicant will "
            "be told the result and the parts that lost most points."
        ),
    ),
    "SCORE_NEXT_TO_PROVINCE": (
        "Đủ {threshold} điểm: hồ sơ sẽ chuyển lên hội đồng tỉnh chấm và công nhận.",
        (
            "{threshold} points or more: the file goes on to the province council to score and "
            "certify."
        ),
    ),
    "SCORE_NEXT_CERTIFY": (
        (
            "Sau khi xác nhận, anh/chị nhập số giấy chứng nhận và ngày quyết định để công nhận "
            "sản phẩm {stars} sao."
        ),
        (
            "After you confirm, type the certificate number and the decision date to certify the "
            "product {stars} stars."
        ),
    ),
    "SCORE_NEXT_CANDIDATE": (
        "Sản phẩm đạt 5 sao: sẽ được đánh dấu đề nghị Hội đồng Trung ương đánh giá, công nhận.",
        (
            "The product reaches 5 stars: it will be marked for the central council to evaluate "
            "and certify."
        ),
    ),
    "SCORE_CONFIRM_YES": ("Xác nhận", "Confirm"),
    "SCORE_CONFIRM_REDO": ("Nhập lại", "Enter again"),
    "SCORE_ASK_CERTIFICATE": (
        (
            "Số giấy chứng nhận (số quyết định) công nhận sản phẩm OCOP {stars} sao, ví dụ "
            "123/QĐ-UBND (tối đa {max} ký tự):"
        ),
        (
            "The certificate number (decision number) certifying the product OCOP {stars} stars, "
            "e.g. 123/QĐ-UBND (at most {max} characters):"
        ),
    ),
    "SCORE_CERTIFICATE_NEEDED": (
        "Anh/chị gõ số giấy chứng nhận.",
        "Please type the certificate number.",
    ),
    "SCORE_CERTIFICATE_TOO_LONG": (
        "Số giấy chứng nhận dài tối đa {max} ký tự.",
        "A certificate number has at most {max} characters.",
    ),
    "SCORE_ASK_DECISION_DATE": (
        "Ngày quyết định công nhận (ngày/tháng/năm, ví dụ 15/03/2026):",
        "The date of the decision (day/month/year, e.g. 15/03/2026):",
    ),
    "SCORE_DATE_BAD": (
        "Anh/chị gõ ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2026.",
        "Please type the date as day/month/year, e.g. 15/03/2026.",
    ),
    "SCORE_DATE_FUTURE": (
        "Ngày quyết định không thể sau hôm nay.",
        "The decision date cannot be after today.",
    ),
    # --- done ---------------------------------------------------------------------------
    "SCORE_DONE_BELOW": (
        (
            "✅ Đã lưu điểm của {product}: {total}/100 ({stars} sao), chưa đạt OCOP. Người đăng "
            "ký đã được báo."
        ),
        (
            "✅ {product}'s score is saved: {total}/100 ({stars} stars), not OCOP. The applicant "
            "has been told."
        ),
    ),
    "SCORE_DONE_TO_PROVINCE": (
        (
            "✅ Đã lưu điểm của {product}: {total}/100 ({stars} sao). Hồ sơ đã chuyển lên tỉnh; "
            "cán bộ tỉnh và người đăng ký đã được báo."
        ),
        (
            "✅ {product}'s score is saved: {total}/100 ({stars} stars). The file went on to the "
            "province; its officers and the applicant have been told."
        ),
    ),
    "SCORE_DONE_CERTIFIED": (
        (
            "✅ Đã công nhận {product} đạt OCOP {stars} sao, giấy chứng nhận {certificate}, có "
            "hiệu lực đến {valid_until}. Người đăng ký đã được báo."
        ),
        (
            "✅ {product} is certified OCOP {stars} stars, certificate {certificate}, valid until "
            "{valid_until}. The applicant has been told."
        ),
    ),
    "SCORE_DONE_RENEWED": (
        (
            "✅ Đã công nhận lại {product} đạt OCOP {stars} sao, giấy chứng nhận {certificate}, "
            "có hiệu lực đến {valid_until}. Người đăng ký đã được báo."
        ),
        (
            "✅ {product} is certified again OCOP {stars} stars, certificate {certificate}, valid "
            "until {valid_until}. The applicant has been told."
        ),
    ),
    "SCORE_DONE_CANDIDATE": (
        (
            "✅ Đã lưu điểm của {product}: {total}/100 (5 sao) và đánh dấu đề nghị Hội đồng Trung "
            "ương. Người đăng ký đã được báo."
        ),
        (
            "✅ {product}'s score is saved: {total}/100 (5 stars), marked for the central "
            "council. The applicant has been told."
        ),
    ),
    "SCORE_BUTTON_OPEN": ("Chấm điểm", "Score it"),
    # --- refusals where the score is carried out ---------------------------------------
    "SCORE_REFUSED_GONE": (
        (
            "Sản phẩm này không còn chờ hội đồng của anh/chị chấm điểm (có thể cán bộ khác vừa "
            "chấm). Không có gì thay đổi."
        ),
        (
            "This product is no longer waiting for your council's score (another officer may "
            "just have scored it). Nothing was changed."
        ),
    ),
    "SCORE_REFUSED_BAD_POINTS": (
        "Điểm các phần không đúng với bộ tiêu chí hiện hành; anh/chị chấm lại từ đầu.",
        "The parts' points do not fit the rule set in force; please score again from the start.",
    ),
    "SCORE_REFUSED_CERTIFICATE_TAKEN": (
        "Số giấy chứng nhận này đã dùng cho một sản phẩm khác. Anh/chị kiểm tra lại và chấm lại.",
        (
            "This certificate number belongs to another product already. Please check it and "
            "score again."
        ),
    ),
    # --- what people are told -----------------------------------------------------------
    "SCORE_TOLD_BELOW": (
        (
            "Sản phẩm {product} ({number}) được {level} chấm {total}/100 điểm ({stars} sao), "
            "chưa đủ {threshold} điểm để được công nhận OCOP. Phần mất nhiều điểm nhất: "
            "{weakest}. Anh/chị có thể cải thiện các phần này và đăng ký đánh giá lại; gõ "
            "/tucham để tự chấm thử."
        ),
        (
            "Your product {product} ({number}) got {total}/100 points ({stars} stars) from "
            "{level}: under the {threshold} points needed for OCOP. The parts that lost most "
            "points: {weakest}. You can improve these and apply again; type /selfscore to try "
            "scoring yourself."
        ),
    ),
    "SCORE_TOLD_TO_PROVINCE": (
        (
            "Tin vui: sản phẩm {product} ({number}) được hội đồng huyện chấm {total}/100 điểm "
            "({stars} sao) và đã được chuyển lên hội đồng tỉnh đánh giá, công nhận. Anh/chị chờ "
            "tỉnh báo kết quả."
        ),
        (
            "Good news: your product {product} ({number}) got {total}/100 points ({stars} stars) "
            "from the district council and went on to the province council for certification. "
            "Please wait for the province's result."
        ),
    ),
    "SCORE_TOLD_PROVINCE_OFFICERS": (
        (
            "Sản phẩm {product} ({number}) được hội đồng huyện chấm {total}/100 điểm ({stars} "
            "sao), đang chờ hội đồng tỉnh chấm điểm và công nhận."
        ),
        (
            "Product {product} ({number}) got {total}/100 points ({stars} stars) from the "
            "district council and waits for the province council's score and certification."
        ),
    ),
    "SCORE_TOLD_CERTIFIED": (
        (
            "🎉 Chúc mừng! Sản phẩm {product} đã được công nhận OCOP {stars} sao, giấy chứng nhận "
            "{certificate} ngày {decision_date}, có hiệu lực đến {valid_until}. Trước ngày đó "
            "anh/chị cần đăng ký đánh giá lại để giữ sao."
        ),
        (
            "🎉 Congratulations! Your product {product} is certified OCOP {stars} stars, "
            "certificate {certificate} of {decision_date}, valid until {valid_until}. Apply for "
            "re-evaluation before then to keep the stars."
        ),
    ),
    "SCORE_TOLD_CANDIDATE": (
        (
            "🎉 Sản phẩm {product} được hội đồng tỉnh chấm {total}/100 điểm (5 sao) và được đề "
            "nghị Hội đồng Trung ương đánh giá, công nhận OCOP 5 sao. Anh/chị chờ thông báo tiếp "
            "theo."
        ),
        (
            "🎉 Your product {product} got {total}/100 points (5 stars) from the province council "
            "and is put forward to the central council for OCOP 5 stars. Please wait for the "
            "next notice."
        ),
    ),
    # --- stamps from the chat -----------------------------------------------------------
    "STAMPS_BUTTON_ISSUE": ("Phát hành tem", "Issue stamps"),
    "STAMPS_CHOOSE_PRODUCT": (
        "Phát hành tem cho sản phẩm nào? Gõ số:",
        "Stamps for which product? Type its number:",
    ),
    "STAMPS_PRODUCT_ROW": (
        "• {product} – {producer}, {stars} sao, hiệu lực đến {valid_until}",
        "• {product} – {producer}, {stars} stars, valid until {valid_until}",
    ),
    "STAMPS_NO_PRODUCT": (
        "Chưa có sản phẩm OCOP nào còn hiệu lực để phát hành tem.",
        "No OCOP product with a valid certificate to issue stamps for.",
    ),
    "STAMPS_ASK_COUNT": (
        "Phát hành bao nhiêu tem cho {product}? Gõ một số từ 1 đến {max}.",
        "How many stamps for {product}? Type a number from 1 to {max}.",
    ),
    "STAMPS_COUNT_BAD": (
        "Anh/chị gõ một số từ 1 đến {max}.",
        "Please type a number from 1 to {max}.",
    ),
    "STAMPS_ISSUED": (
        "✅ Đã phát hành {count} tem cho {product}. Tờ tem để in (PDF, khổ A4) ở dưới.",
        "✅ {count} stamps issued for {product}. The sheet to print (PDF, A4) is below.",
    ),
    "STAMPS_REFUSED_LOCAL_URL": (
        (
            "Chưa phát hành được tem: địa chỉ trang kiểm tra tem của hệ thống (OCOP_PUBLIC_URL) "
            "chưa phải địa chỉ công khai, nên điện thoại của người mua sẽ không mở được tem. "
            "Anh/chị nhờ người quản trị cài địa chỉ công khai (https) rồi thử lại. Chưa có tem "
            "nào được tạo."
        ),
        (
            "Stamps could not be issued: the stamp page's address (OCOP_PUBLIC_URL) is not a "
            "public address, so buyers' phones could not open the stamps. Please ask the "
            "administrator to set the public https address, then try again. No stamp was made."
        ),
    ),
    "STAMPS_REFUSED_NOT_VALID": (
        "Giấy chứng nhận của sản phẩm này đã hết hiệu lực hoặc bị thu hồi: không phát hành tem.",
        "This product's certificate has lapsed or was withdrawn: no stamps.",
    ),
    "STAMPS_REFUSED_NO_PRODUCT": ("Không tìm thấy sản phẩm này.", "This product was not found."),
    "ZALO_DOCUMENT_LINK": (
        (
            "📄 Tải tệp {name} tại đường dẫn dưới đây (dùng được trong {hours} giờ; sau đó "
            "anh/chị nhờ văn phòng điều phối tỉnh gửi lại):\n{url}"
        ),
        (
            "📄 Download {name} from the link below (valid for {hours} hours; after that, ask "
            "the province coordination office to send it again):\n{url}"
        ),
    ),
    "STAMPS_DOCUMENT_ELSEWHERE": (
        (
            "(Zalo chưa gửi được tệp. Tờ tem {name} đã được lưu trên máy chủ: anh/chị mở bằng "
            "Telegram hoặc nhờ văn phòng điều phối in giúp.)"
        ),
        (
            "(Zalo cannot send files. The sheet {name} is saved on the server: open it on "
            "Telegram or ask the coordination office to print it.)"
        ),
    ),
    # --- the self-assessment ------------------------------------------------------------
    "SELF_PART_HEAD": (
        "Phần {part} – {name} (tối đa {max} điểm).",
        "Part {part} – {name} (at most {max} points).",
    ),
    "SELF_POINTS": ("({points} điểm)", "({points} points)"),
    "SELF_ANSWER_YES": ("Có, đầy đủ", "Yes, fully"),
    "SELF_ANSWER_PARTLY": ("Có một phần", "Partly"),
    "SELF_ANSWER_NO": ("Chưa có", "Not yet"),
    "SELF_Q_A1": (
        "Nguyên liệu chính có lấy ở địa phương không?",
        "Are the main raw materials from your area?",
    ),
    "SELF_Q_A2": (
        (
            "Cơ sở có tạo việc làm cho người dân địa phương, cùng nhau sản xuất (tổ hợp tác, "
            "HTX) không?"
        ),
        "Does the business give local people work and produce together (a group, a cooperative)?",
    ),
    "SELF_Q_A3": (
        "Có ghi chép sổ sách sản xuất, bán hàng và có kế hoạch kinh doanh không?",
        "Do you keep production and sales records and have a business plan?",
    ),
    "SELF_Q_B1": (
        "Sản phẩm có bao bì, nhãn ghi đủ tên, nơi sản xuất, hạn dùng không?",
        "Does the product have packaging and a label with its name, maker and use-by date?",
    ),
    "SELF_Q_B2": (
        "Sản phẩm đã bán ra ngoài huyện, ngoài tỉnh hoặc bán qua mạng chưa?",
        "Is the product sold outside the district or province, or online?",
    ),
    "SELF_Q_B3": (
        (
            "Sản phẩm có câu chuyện (lịch sử, văn hóa, vùng đất) được kể trên bao bì hay tờ giới "
            "thiệu không?"
        ),
        "Does the product have a story (history, culture, place) told on the pack or a leaflet?",
    ),
    "SELF_Q_C1": (
        "Cơ sở đã có giấy chứng nhận an toàn thực phẩm hoặc đã công bố chất lượng sản phẩm chưa?",
        "Do you hold a food safety certificate, or has the product's quality been declared?",
    ),
    "SELF_Q_C2": (
        "Sản phẩm đã được kiểm nghiệm (có phiếu kết quả kiểm nghiệm) chưa?",
        "Has the product been lab-tested (with a test report)?",
    ),
    "SELF_Q_C3": (
        "Chất lượng có đều giữa các mẻ và được khách hàng khen không?",
        "Is the quality the same from batch to batch, and do customers praise it?",
    ),
    "SELF_RESULT_HEAD": (
        "Kết quả tự chấm (theo bộ tiêu chí {ruleset}):",
        "Your own score (rule set {ruleset}):",
    ),
    "SELF_RESULT_ENOUGH": (
        "Đủ {threshold} điểm: sản phẩm có thể đạt OCOP từ 3 sao.",
        "{threshold} points or more: the product may reach OCOP 3 stars or more.",
    ),
    "SELF_RESULT_NOT_ENOUGH": (
        "Chưa đủ {threshold} điểm để được công nhận OCOP (từ 3 sao).",
        "Under the {threshold} points needed for OCOP (3 stars or more).",
    ),
    "SELF_RESULT_WEAKEST": (
        "Phần mất nhiều điểm nhất: {parts}.",
        "Where you lose most points: {parts}.",
    ),
    "SELF_RESULT_NOTE": (
        "Đây chỉ là chấm thử để anh/chị chuẩn bị; điểm chính thức do hội đồng chấm.",
        "This is only a rehearsal to help you prepare; the council gives the official score.",
    ),
}
