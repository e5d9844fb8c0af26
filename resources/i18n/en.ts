<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
    <context>
        <name>BookView</name>
        <message>
            <source>Số</source>
            <translation>No.</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Ngày đăng ký</source>
            <translation>Registered on</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Cần kiểm tra</source>
            <translation>To check</translation>
        </message>
        <message>
            <source>Trang</source>
            <translation>Page</translation>
        </message>
        <message>
            <source>— thiếu số này trong sổ —</source>
            <translation>— this number is missing from the book —</translation>
        </message>
        <message>
            <source>— thiếu {n} số liền nhau trong sổ —</source>
            <translation>— {n} numbers in a row missing from the book —</translation>
        </message>
        <message>
            <source>Số đăng ký {n} không có trong sổ.</source>
            <translation>Registration number {n} is not in the book.</translation>
        </message>
        <message>
            <source>Số đăng ký {n} bị trùng.</source>
            <translation>Registration number {n} is used more than once.</translation>
        </message>
        <message>
            <source>Sổ đăng ký</source>
            <translation>Register book</translation>
        </message>
        <message>
            <source>Sổ {kind} quyển {number}</source>
            <translation>{kind} register, book {number}</translation>
        </message>
        <message>
            <source>{n} bản ghi · {verified} đã kiểm tra · {gaps} số thiếu · {duplicates} số trùng</source>
            <translation>{n} records · {verified} verified · {gaps} missing numbers · {duplicates} duplicate numbers</translation>
        </message>
        <message>
            <source>Lọc theo số, tên, ngày… (không cần dấu)</source>
            <translation>Filter by number, name, date… (no diacritics needed)</translation>
        </message>
        <message>
            <source>Chỉ dòng có vấn đề</source>
            <translation>Problem rows only</translation>
        </message>
        <message>
            <source>Quyển này chưa có bản ghi nào. Hãy nhận dạng các trang trước.</source>
            <translation>This book has no records yet. Recognise its pages first.</translation>
        </message>
        <message>
            <source>số bị thiếu</source>
            <translation>missing number</translation>
        </message>
        <message>
            <source>số bị trùng</source>
            <translation>duplicate number</translation>
        </message>
        <message>
            <source>Enter hoặc bấm đúp: mở bản ghi để kiểm tra</source>
            <translation>Enter or double click: open the record to verify it</translation>
        </message>
        <message>
            <source>{kind} quyển {number}</source>
            <translation>{kind}, book {number}</translation>
        </message>
        <message>
            <source>Số {number}</source>
            <translation>No. {number}</translation>
        </message>
        <message>
            <source>Kết quả tìm kiếm</source>
            <translation>Search results</translation>
        </message>
        <message>
            <source>{n} bản ghi khớp với «{query}»</source>
            <translation>{n} records match “{query}”</translation>
        </message>
        <message>
            <source>Không tìm thấy bản ghi nào khớp với «{query}».</source>
            <translation>No record matches “{query}”.</translation>
        </message>
        <message>
            <source>Xuất sổ</source>
            <translation>Export</translation>
        </message>
        <message>
            <source>Lưu quyển ra CSV, JSON, XML, PDF/A hoặc gói Bộ Tư pháp</source>
            <translation>Save the book as CSV, JSON, XML, PDF/A or the Ministry of Justice package</translation>
        </message>
    </context>
    <context>
        <name>BooksPanel</name>
        <message>
            <source>Quyển {number}</source>
            <translation>Book {number}</translation>
        </message>
        <message>
            <source>Quyển sổ</source>
            <translation>Register books</translation>
        </message>
        <message>
            <source>Quyển</source>
            <translation>Book</translation>
        </message>
        <message>
            <source>Năm</source>
            <translation>Year</translation>
        </message>
        <message>
            <source>Trang</source>
            <translation>Pages</translation>
        </message>
        <message>
            <source>Bản ghi</source>
            <translation>Records</translation>
        </message>
        <message>
            <source>Chưa có quyển sổ nào. Bấm «Quyển mới» để bắt đầu.</source>
            <translation>No register books yet. Click “New book” to begin.</translation>
        </message>
    </context>
    <context>
        <name>CreateWorkspaceDialog</name>
        <message>
            <source>Chọn thư mục trống</source>
            <translation>Choose an empty folder</translation>
        </message>
        <message>
            <source>Tạo thư mục làm việc</source>
            <translation>Create workspace</translation>
        </message>
        <message>
            <source>&amp;Thư mục:</source>
            <translation>&amp;Folder:</translation>
        </message>
        <message>
            <source>Chọn…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>&amp;Xã/phường:</source>
            <translation>&amp;Commune/ward:</translation>
        </message>
        <message>
            <source>Ví dụ: Xã Quỳnh Hưng</source>
            <translation>For example: Xã Quỳnh Hưng</translation>
        </message>
        <message>
            <source>Mỗi xã/phường dùng một thư mục làm việc. Hãy chọn một thư mục trống; ảnh các trang sổ và dữ liệu sẽ được lưu trong đó.</source>
            <translation>Each commune or ward uses one workspace. Choose an empty folder; the page images and the data will be kept in it.</translation>
        </message>
        <message>
            <source>Hai lần nhập mật khẩu chưa khớp.</source>
            <translation>The two passphrases do not match.</translation>
        </message>
        <message>
            <source>&amp;Mật khẩu:</source>
            <translation>&amp;Passphrase:</translation>
        </message>
        <message>
            <source>&amp;Nhập lại mật khẩu:</source>
            <translation>&amp;Repeat passphrase:</translation>
        </message>
        <message>
            <source>&amp;Không mã hoá (chỉ dữ liệu thử)</source>
            <translation>&amp;Do not encrypt (test data only)</translation>
        </message>
        <message>
            <source>Mỗi xã/phường dùng một thư mục làm việc. Hãy chọn một thư mục trống; ảnh các trang sổ và dữ liệu sẽ được lưu trong đó, mã hoá bằng mật khẩu. Hãy ghi nhớ mật khẩu: mất mật khẩu là mất dữ liệu.</source>
            <translation>Each commune uses one workspace. Choose an empty folder; the page images and the data are kept there, encrypted with the passphrase. Keep the passphrase safe: without it the data cannot be read.</translation>
        </message>
        <message>
            <source>Mật khẩu cần ít nhất {n} ký tự.</source>
            <translation>The passphrase needs at least {n} characters.</translation>
        </message>
    </context>
    <context>
        <name>Errors</name>
        <message>
            <source>Đã huỷ</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>Không thực hiện được</source>
            <translation>Could not be done</translation>
        </message>
        <message>
            <source>Lỗi không mong đợi</source>
            <translation>Unexpected error</translation>
        </message>
        <message>
            <source>Chương trình gặp lỗi không mong đợi; công việc đang làm có thể chưa xong.</source>
            <translation>The program met an unexpected error; the work in progress may not be finished.</translation>
        </message>
        <message>
            <source>Chi tiết kỹ thuật đã được ghi vào tệp nhật ký: {path}</source>
            <translation>Technical details were written to the log file: {path}</translation>
        </message>
    </context>
    <context>
        <name>ImportProgress</name>
        <message>
            <source>Huỷ</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Đang huỷ…</source>
            <translation>Cancelling…</translation>
        </message>
        <message>
            <source>Đang nhập {name}…</source>
            <translation>Importing {name}…</translation>
        </message>
        <message>
            <source>Đang nhập…</source>
            <translation>Importing…</translation>
        </message>
        <message>
            <source>Đang đọc trang {n}/{total}</source>
            <translation>Reading page {n}/{total}</translation>
        </message>
    </context>
    <context>
        <name>ImportSummary</name>
        <message>
            <source>Đã huỷ việc nhập. 1 trang đã nhập được giữ lại trong quyển {number}.</source>
            <translation>Import cancelled. The 1 page already imported stays in book {number}.</translation>
        </message>
        <message>
            <source>Đã huỷ việc nhập. {n} trang đã nhập được giữ lại trong quyển {number}.</source>
            <translation>Import cancelled. The {n} pages already imported stay in book {number}.</translation>
        </message>
        <message>
            <source>Đã nhập 1 trang vào quyển {number}.</source>
            <translation>Imported 1 page into book {number}.</translation>
        </message>
        <message>
            <source>Đã nhập {n} trang vào quyển {number}.</source>
            <translation>Imported {n} pages into book {number}.</translation>
        </message>
        <message>
            <source>1 trang đã có trong quyển từ trước nên không nhập lại.</source>
            <translation>1 page was already in the book and was not imported again.</translation>
        </message>
        <message>
            <source>{n} trang đã có trong quyển từ trước nên không nhập lại.</source>
            <translation>{n} pages were already in the book and were not imported again.</translation>
        </message>
        <message>
            <source>1 tệp không nhập được:</source>
            <translation>1 file could not be imported:</translation>
        </message>
        <message>
            <source>{n} tệp không nhập được:</source>
            <translation>{n} files could not be imported:</translation>
        </message>
        <message>
            <source>… và 1 tệp khác (xem tệp nhật ký).</source>
            <translation>… and 1 more file (see the log file).</translation>
        </message>
        <message>
            <source>… và {n} tệp khác (xem tệp nhật ký).</source>
            <translation>… and {n} more files (see the log file).</translation>
        </message>
        <message>
            <source>Kết quả nhập tệp</source>
            <translation>Import result</translation>
        </message>
        <message>
            <source>Đã đọc 1 trang: {records} bản ghi nháp, {flagged} trường cần kiểm tra.</source>
            <translation>Read 1 page: {records} draft record(s), {flagged} field(s) to check.</translation>
        </message>
        <message>
            <source>Đã đọc {n} trang: {records} bản ghi nháp, {flagged} trường cần kiểm tra.</source>
            <translation>Read {n} pages: {records} draft record(s), {flagged} field(s) to check.</translation>
        </message>
        <message>
            <source>1 trang không nhận ra loại giấy tờ nên chưa có bản ghi.</source>
            <translation>On 1 page no known form was recognised, so it has no record.</translation>
        </message>
        <message>
            <source>{n} trang không nhận ra loại giấy tờ nên chưa có bản ghi.</source>
            <translation>On {n} pages no known form was recognised, so they have no record.</translation>
        </message>
        <message>
            <source>Đã dừng việc đọc trang của quyển {number}.</source>
            <translation>Stopped reading the pages of book {number}.</translation>
        </message>
        <message>
            <source>Đã đọc các trang chưa đọc của quyển {number}.</source>
            <translation>Read the unread pages of book {number}.</translation>
        </message>
        <message>
            <source>1 trang chưa đọc: dùng «Đọc lại các trang chưa đọc» trong menu Sổ.</source>
            <translation>1 page is not read yet: use “Read unread pages” in the Book menu.</translation>
        </message>
        <message>
            <source>{n} trang chưa đọc: dùng «Đọc lại các trang chưa đọc» trong menu Sổ.</source>
            <translation>{n} pages are not read yet: use “Read unread pages” in the Book menu.</translation>
        </message>
        <message>
            <source>Chưa đọc được trang nào: {reason}</source>
            <translation>No page could be read: {reason}</translation>
        </message>
        <message>
            <source>1 tệp không nhập được hoặc không đọc được:</source>
            <translation>1 file could not be imported or read:</translation>
        </message>
        <message>
            <source>{n} tệp không nhập được hoặc không đọc được:</source>
            <translation>{n} files could not be imported or read:</translation>
        </message>
        <message>
            <source>Kết quả đọc trang</source>
            <translation>Reading result</translation>
        </message>
        <message>
            <source>Kiểm tra ngay</source>
            <translation>Check now</translation>
        </message>
        <message>
            <source>Mọi trang của quyển {number} đã được đọc từ trước.</source>
            <translation>Every page of book {number} was already read.</translation>
        </message>
    </context>
    <context>
        <name>Labels</name>
        <message>
            <source>Khai sinh</source>
            <translation>Birth</translation>
        </message>
        <message>
            <source>Kết hôn</source>
            <translation>Marriage</translation>
        </message>
        <message>
            <source>Khai tử</source>
            <translation>Death</translation>
        </message>
        <message>
            <source>Chưa đọc</source>
            <translation>Unread</translation>
        </message>
        <message>
            <source>Cần kiểm tra</source>
            <translation>Needs review</translation>
        </message>
        <message>
            <source>Đã kiểm tra</source>
            <translation>Verified</translation>
        </message>
        <message>
            <source>Đã ký</source>
            <translation>Signed</translation>
        </message>
        <message>
            <source>Đã đồng bộ</source>
            <translation>Synced</translation>
        </message>
        <message>
            <source>1 trang</source>
            <translation>1 page</translation>
        </message>
        <message>
            <source>{n} trang</source>
            <translation>{n} pages</translation>
        </message>
        <message>
            <source>1 quyển</source>
            <translation>1 book</translation>
        </message>
        <message>
            <source>{n} quyển</source>
            <translation>{n} books</translation>
        </message>
        <message>
            <source>1 bản ghi</source>
            <translation>1 record</translation>
        </message>
        <message>
            <source>{n} bản ghi</source>
            <translation>{n} records</translation>
        </message>
        <message>
            <source>Chưa kiểm tra</source>
            <translation>Not verified</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Mở thư mục làm việc</source>
            <translation>Open workspace</translation>
        </message>
        <message>
            <source>Đang mở thư mục làm việc…</source>
            <translation>Opening the workspace…</translation>
        </message>
        <message>
            <source>Không mở lại được thư mục làm việc lần trước.</source>
            <translation>The last workspace could not be reopened.</translation>
        </message>
        <message>
            <source>Nhập tệp</source>
            <translation>Import files</translation>
        </message>
        <message>
            <source>Ảnh quét và PDF ({patterns});;Tất cả các tệp (*)</source>
            <translation>Scans and PDFs ({patterns});;All files (*)</translation>
        </message>
        <message>
            <source>Nhập thư mục</source>
            <translation>Import folder</translation>
        </message>
        <message>
            <source>Hãy chọn hoặc tạo một quyển sổ trước khi nhập tệp.</source>
            <translation>Select or create a register book before importing files.</translation>
        </message>
        <message>
            <source>Số hoá sổ hộ tịch</source>
            <translation>Civil Register Digitiser</translation>
        </message>
        <message>
            <source>&amp;Tệp</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <source>Mở &amp;gần đây</source>
            <translation>Open &amp;recent</translation>
        </message>
        <message>
            <source>&amp;Sổ</source>
            <translation>&amp;Book</translation>
        </message>
        <message>
            <source>&amp;Xem</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <source>Trợ &amp;giúp</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <source>Mở thư mục làm việc…</source>
            <translation>Open workspace…</translation>
        </message>
        <message>
            <source>Mở thư mục</source>
            <translation>Open</translation>
        </message>
        <message>
            <source>Mở thư mục làm việc của xã/phường (Ctrl+O)</source>
            <translation>Open the commune's workspace (Ctrl+O)</translation>
        </message>
        <message>
            <source>Tạo thư mục làm việc…</source>
            <translation>Create workspace…</translation>
        </message>
        <message>
            <source>Tạo thư mục</source>
            <translation>Create</translation>
        </message>
        <message>
            <source>Tạo thư mục làm việc mới</source>
            <translation>Create a new workspace</translation>
        </message>
        <message>
            <source>Quyển mới…</source>
            <translation>New book…</translation>
        </message>
        <message>
            <source>Quyển mới</source>
            <translation>New book</translation>
        </message>
        <message>
            <source>Thêm một quyển sổ (Ctrl+N)</source>
            <translation>Add a register book (Ctrl+N)</translation>
        </message>
        <message>
            <source>Nhập tệp…</source>
            <translation>Import files…</translation>
        </message>
        <message>
            <source>Nhập ảnh quét hoặc tệp PDF vào quyển đang chọn (Ctrl+I)</source>
            <translation>Import scans or PDF files into the selected book (Ctrl+I)</translation>
        </message>
        <message>
            <source>Nhập thư mục…</source>
            <translation>Import folder…</translation>
        </message>
        <message>
            <source>Nhập mọi ảnh và PDF trong một thư mục</source>
            <translation>Import every image and PDF in a folder</translation>
        </message>
        <message>
            <source>Thoát</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>Trang</source>
            <translation>Pages</translation>
        </message>
        <message>
            <source>Kiểm tra</source>
            <translation>Verify</translation>
        </message>
        <message>
            <source>Sổ đăng ký</source>
            <translation>Register book</translation>
        </message>
        <message>
            <source>Các trang của quyển (Alt+1)</source>
            <translation>The pages of the book (Alt+1)</translation>
        </message>
        <message>
            <source>Kiểm tra bản ghi (Alt+2)</source>
            <translation>Verify records (Alt+2)</translation>
        </message>
        <message>
            <source>Sổ đăng ký dạng bảng (Alt+3)</source>
            <translation>The register book as a table (Alt+3)</translation>
        </message>
        <message>
            <source>Kiểm tra bản ghi</source>
            <translation>Verify records</translation>
        </message>
        <message>
            <source>Tìm bản ghi</source>
            <translation>Find records</translation>
        </message>
        <message>
            <source>Tìm trong cả thư mục làm việc, không cần dấu (Ctrl+F)</source>
            <translation>Search the whole workspace, no diacritics needed (Ctrl+F)</translation>
        </message>
        <message>
            <source>Tìm bản ghi (không cần dấu)… Ctrl+F</source>
            <translation>Find records (no diacritics needed)… Ctrl+F</translation>
        </message>
        <message>
            <source>Cài đặt…</source>
            <translation>Settings…</translation>
        </message>
        <message>
            <source>Cài đặt (Ctrl+,)</source>
            <translation>Settings (Ctrl+,)</translation>
        </message>
        <message>
            <source>Phím tắt</source>
            <translation>Keyboard shortcuts</translation>
        </message>
        <message>
            <source>Bảng phím tắt (F1)</source>
            <translation>Keyboard shortcuts (F1)</translation>
        </message>
        <message>
            <source>Giới thiệu</source>
            <translation>About</translation>
        </message>
        <message>
            <source>Chưa mở thư mục làm việc</source>
            <translation>No workspace open</translation>
        </message>
        <message>
            <source>Thư mục làm việc: {path}</source>
            <translation>Workspace: {path}</translation>
        </message>
        <message>
            <source>Chờ ký: {n}</source>
            <translation>To sign: {n}</translation>
        </message>
        <message>
            <source>Bản ghi đã kiểm tra, chờ ký số</source>
            <translation>Verified records waiting for a digital signature</translation>
        </message>
        <message>
            <source>chưa bao giờ</source>
            <translation>never</translation>
        </message>
        <message>
            <source>Chờ đồng bộ: {n} · Đồng bộ lần cuối: {when}</source>
            <translation>To sync: {n} · Last sync: {when}</translation>
        </message>
        <message>
            <source>(chưa có)</source>
            <translation>(none yet)</translation>
        </message>
        <message>
            <source>Số hoá sổ hộ tịch, phiên bản {version}.</source>
            <translation>Civil Register Digitiser, version {version}.</translation>
        </message>
        <message>
            <source>Số hoá sổ đăng ký khai sinh, kết hôn, khai tử: nhập ảnh quét, kiểm tra, ký và đồng bộ.</source>
            <translation>Digitises birth, marriage and death registers: import scans, check, sign and sync.</translation>
        </message>
        <message>
            <source>Ký số</source>
            <translation>Sign</translation>
        </message>
        <message>
            <source>Đang mở khoá ký số…</source>
            <translation>Opening the signing key…</translation>
        </message>
        <message>
            <source>Huỷ</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Ký bản ghi</source>
            <translation>Sign record</translation>
        </message>
        <message>
            <source>Ký số bản ghi đang kiểm tra (Ctrl+Shift+S)</source>
            <translation>Sign the record being checked (Ctrl+Shift+S)</translation>
        </message>
        <message>
            <source>Ký cả quyển</source>
            <translation>Sign whole book</translation>
        </message>
        <message>
            <source>Ký số mọi bản ghi đã kiểm tra của quyển đang chọn</source>
            <translation>Sign every checked record of the selected book</translation>
        </message>
        <message>
            <source>Lịch sử bản ghi</source>
            <translation>Record history</translation>
        </message>
        <message>
            <source>Ai đã sửa gì trong bản ghi, khi nào (Ctrl+H)</source>
            <translation>Who changed what in the record, and when (Ctrl+H)</translation>
        </message>
        <message>
            <source>Hãy mở một bản ghi để ký.</source>
            <translation>Open a record to sign it.</translation>
        </message>
        <message>
            <source>Lịch sử bản ghi số {number}</source>
            <translation>History of record no. {number}</translation>
        </message>
        <message>
            <source>Đang ký số bản ghi {done}/{total}…</source>
            <translation>Signing record {done}/{total}…</translation>
        </message>
        <message>
            <source>Quyển {number} chưa có bản ghi đã kiểm tra nào để ký.</source>
            <translation>Book {number} has no checked record to sign.</translation>
        </message>
        <message>
            <source>Xuất sổ</source>
            <translation>Export book</translation>
        </message>
        <message>
            <source>Đang xuất quyển {number}…</source>
            <translation>Exporting book {number}…</translation>
        </message>
        <message>
            <source>Đang xuất trang {done}/{total}…</source>
            <translation>Exporting page {done}/{total}…</translation>
        </message>
        <message>
            <source>Đã huỷ việc xuất sổ.</source>
            <translation>Export cancelled.</translation>
        </message>
        <message>
            <source>Đã xuất {n} trang của quyển {number} ra tệp PDF/A «{name}».</source>
            <translation>Exported {n} page(s) of book {number} to the PDF/A file “{name}”.</translation>
        </message>
        <message>
            <source>Đã xuất {n} bản ghi của quyển {number} ra tệp «{name}».</source>
            <translation>Exported {n} record(s) of book {number} to “{name}”.</translation>
        </message>
        <message>
            <source>Nơi lưu: {folder}</source>
            <translation>Saved in: {folder}</translation>
        </message>
        <message>
            <source>Không đọc được chữ trên trang {pages}: tệp vẫn có ảnh nhưng không tìm được chữ ở đó.</source>
            <translation>No text could be read on page(s) {pages}: the file holds their images, but their text cannot be searched.</translation>
        </message>
        <message>
            <source>Đọc lại các trang chưa đọc</source>
            <translation>Read unread pages</translation>
        </message>
        <message>
            <source>Nhận dạng các trang của quyển đang chọn chưa được đọc (Ctrl+Shift+R)</source>
            <translation>Recognise the pages of the selected book that were not read yet (Ctrl+Shift+R)</translation>
        </message>
        <message>
            <source>&amp;Xuất sổ</source>
            <translation>&amp;Export book</translation>
        </message>
        <message>
            <source>Bảng CSV…</source>
            <translation>CSV table…</translation>
        </message>
        <message>
            <source>Tệp JSON…</source>
            <translation>JSON file…</translation>
        </message>
        <message>
            <source>Tệp XML…</source>
            <translation>XML file…</translation>
        </message>
        <message>
            <source>PDF/A tìm được chữ…</source>
            <translation>Searchable PDF/A…</translation>
        </message>
        <message>
            <source>Gói số hoá Bộ Tư pháp (ZIP)…</source>
            <translation>Ministry of Justice package (ZIP)…</translation>
        </message>
    </context>
    <context>
        <name>NewBookDialog</name>
        <message>
            <source>Quyển sổ mới</source>
            <translation>New register book</translation>
        </message>
        <message>
            <source>&amp;Loại sổ:</source>
            <translation>&amp;Register:</translation>
        </message>
        <message>
            <source>&amp;Số quyển:</source>
            <translation>Book &amp;number:</translation>
        </message>
        <message>
            <source>&amp;Năm:</source>
            <translation>&amp;Year:</translation>
        </message>
        <message>
            <source>Không rõ</source>
            <translation>Unknown</translation>
        </message>
        <message>
            <source>Ghi số quyển như trên bìa sổ, ví dụ 01/2024.</source>
            <translation>Write the book number as on its cover, for example 01/2024.</translation>
        </message>
    </context>
    <context>
        <name>PageViewer</name>
        <message>
            <source>Vừa chiều rộng</source>
            <translation>Fit width</translation>
        </message>
        <message>
            <source>Phóng trang cho vừa chiều rộng khung (Ctrl+2)</source>
            <translation>Scale the page to the width of the view (Ctrl+2)</translation>
        </message>
        <message>
            <source>Vừa trang</source>
            <translation>Fit page</translation>
        </message>
        <message>
            <source>Hiện trọn cả trang (Ctrl+3)</source>
            <translation>Show the whole page (Ctrl+3)</translation>
        </message>
        <message>
            <source>Kích thước thật (Ctrl+1)</source>
            <translation>Actual size (Ctrl+1)</translation>
        </message>
        <message>
            <source>Phóng to</source>
            <translation>Zoom in</translation>
        </message>
        <message>
            <source>Phóng to (Ctrl++)</source>
            <translation>Zoom in (Ctrl++)</translation>
        </message>
        <message>
            <source>Thu nhỏ</source>
            <translation>Zoom out</translation>
        </message>
        <message>
            <source>Thu nhỏ (Ctrl+−)</source>
            <translation>Zoom out (Ctrl+−)</translation>
        </message>
        <message>
            <source>Xoay trang</source>
            <translation>Rotate page</translation>
        </message>
        <message>
            <source>Xoay trang một góc vuông theo chiều kim đồng hồ (Ctrl+R)</source>
            <translation>Rotate the page a quarter turn clockwise (Ctrl+R)</translation>
        </message>
        <message>
            <source>Trang</source>
            <translation>Page</translation>
        </message>
        <message>
            <source>Chọn một trang ở bên trái để xem.</source>
            <translation>Select a page on the left to view it.</translation>
        </message>
        <message>
            <source>Trang {n}</source>
            <translation>Page {n}</translation>
        </message>
        <message>
            <source>Đang mở trang…</source>
            <translation>Opening the page…</translation>
        </message>
    </context>
    <context>
        <name>PagesPanel</name>
        <message>
            <source>Trang {n}</source>
            <translation>Page {n}</translation>
        </message>
        <message>
            <source>Trang</source>
            <translation>Pages</translation>
        </message>
        <message>
            <source>Trang của quyển {number} ({count})</source>
            <translation>Pages of book {number} ({count})</translation>
        </message>
        <message>
            <source>Chọn một quyển sổ để xem các trang.</source>
            <translation>Select a register book to see its pages.</translation>
        </message>
        <message>
            <source>Quyển này chưa có trang nào. Bấm «Nhập tệp…» để thêm ảnh quét hoặc tệp PDF.</source>
            <translation>This book has no pages yet. Click “Import files…” to add scans or PDF files.</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Cài đặt</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>&amp;Tên cán bộ:</source>
            <translation>Officer &amp;name:</translation>
        </message>
        <message>
            <source>Ví dụ: Trần Thị Lan</source>
            <translation>For example: Trần Thị Lan</translation>
        </message>
        <message>
            <source>&amp;Ngôn ngữ:</source>
            <translation>&amp;Language:</translation>
        </message>
        <message>
            <source>Số &amp;luồng nhận dạng:</source>
            <translation>Recognition &amp;workers:</translation>
        </message>
        <message>
            <source>Tự động (mỗi nhân một luồng)</source>
            <translation>Automatic (one per core)</translation>
        </message>
        <message>
            <source>Tên cán bộ được ghi vào nhật ký cho mọi lần sửa, xác nhận và ký bản ghi.</source>
            <translation>The officer name is written in the audit log for every correction, verification and signature.</translation>
        </message>
    </context>
    <context>
        <name>ShortcutsDialog</name>
        <message>
            <source>Phím tắt</source>
            <translation>Keyboard shortcuts</translation>
        </message>
        <message>
            <source>Phím</source>
            <translation>Keys</translation>
        </message>
        <message>
            <source>Việc</source>
            <translation>Action</translation>
        </message>
    </context>
    <context>
        <name>StartPage</name>
        <message>
            <source>Số hoá sổ hộ tịch</source>
            <translation>Civil Register Digitiser</translation>
        </message>
        <message>
            <source>Mở thư mục làm việc của xã/phường để tiếp tục, hoặc tạo một thư mục mới để bắt đầu số hoá.</source>
            <translation>Open your commune's workspace to continue, or create a new one to start digitising.</translation>
        </message>
        <message>
            <source>Mở thư mục làm việc…</source>
            <translation>Open workspace…</translation>
        </message>
        <message>
            <source>Tạo thư mục làm việc mới…</source>
            <translation>Create a new workspace…</translation>
        </message>
        <message>
            <source>Mở gần đây</source>
            <translation>Recently opened</translation>
        </message>
    </context>
    <context>
        <name>VerifyView</name>
        <message>
            <source>Độ tin cậy {percent} %</source>
            <translation>Confidence {percent} %</translation>
        </message>
        <message>
            <source>Cần kiểm tra</source>
            <translation>To check</translation>
        </message>
        <message>
            <source>Chấp nhận trường, sang trường cần kiểm tra kế tiếp</source>
            <translation>Accept the field and go to the next field to check</translation>
        </message>
        <message>
            <source>Sang trường kế tiếp</source>
            <translation>Next field</translation>
        </message>
        <message>
            <source>Bấm vào chữ trên ảnh</source>
            <translation>Click a word on the page</translation>
        </message>
        <message>
            <source>Chép chữ đó vào trường đang sửa</source>
            <translation>Copy that word into the field being edited</translation>
        </message>
        <message>
            <source>Còn {n} trường cần kiểm tra; hãy kiểm tra hết trước khi xác nhận bản ghi.</source>
            <translation>{n} fields still to check; check them all before accepting the record.</translation>
        </message>
        <message>
            <source>Bản ghi này đã được xác nhận.</source>
            <translation>This record is already verified.</translation>
        </message>
        <message>
            <source>Đã xác nhận bản ghi.</source>
            <translation>Record verified.</translation>
        </message>
        <message>
            <source>Không còn trường cần kiểm tra. Bấm Ctrl+Enter để xác nhận bản ghi.</source>
            <translation>No field left to check. Press Ctrl+Enter to accept the record.</translation>
        </message>
        <message>
            <source>Kiểm tra bản ghi</source>
            <translation>Verify records</translation>
        </message>
        <message>
            <source>Bản ghi số {number} · quyển {book}</source>
            <translation>Record no. {number} · book {book}</translation>
        </message>
        <message>
            <source>{i}/{n} bản ghi</source>
            <translation>record {i} of {n}</translation>
        </message>
        <message>
            <source>{n} trường cần kiểm tra</source>
            <translation>{n} fields to check</translation>
        </message>
        <message>
            <source>Không có trường cần kiểm tra</source>
            <translation>No field to check</translation>
        </message>
        <message>
            <source>Enter: chấp nhận và sang trường cần kiểm tra kế tiếp · Esc: bỏ phần vừa gõ</source>
            <translation>Enter: accept and go to the next field to check · Esc: drop what was typed</translation>
        </message>
        <message>
            <source>Phần ảnh trang chứa trường này</source>
            <translation>The part of the page image that holds this field</translation>
        </message>
        <message>
            <source>Xác nhận bản ghi</source>
            <translation>Accept record</translation>
        </message>
        <message>
            <source>Xác nhận cả bản ghi khi không còn trường cần kiểm tra (Ctrl+Enter)</source>
            <translation>Accept the whole record when no field is left to check (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Bản ghi sau</source>
            <translation>Next record</translation>
        </message>
        <message>
            <source>Sang bản ghi sau (Page Down)</source>
            <translation>Go to the next record (Page Down)</translation>
        </message>
        <message>
            <source>Bản ghi trước</source>
            <translation>Previous record</translation>
        </message>
        <message>
            <source>Về bản ghi trước (Page Up)</source>
            <translation>Go to the previous record (Page Up)</translation>
        </message>
        <message>
            <source>Hoàn tác</source>
            <translation>Undo</translation>
        </message>
        <message>
            <source>Hoàn tác lần sửa cuối của bản ghi (Ctrl+Z)</source>
            <translation>Undo the record's last correction (Ctrl+Z)</translation>
        </message>
        <message>
            <source>Làm lại</source>
            <translation>Redo</translation>
        </message>
        <message>
            <source>Làm lại lần sửa vừa hoàn tác (Ctrl+Y)</source>
            <translation>Redo the correction just undone (Ctrl+Y)</translation>
        </message>
        <message>
            <source>Trường cần kiểm tra kế tiếp</source>
            <translation>Next field to check</translation>
        </message>
        <message>
            <source>Sang trường cần kiểm tra kế tiếp (Ctrl+↓)</source>
            <translation>Go to the next field to check (Ctrl+↓)</translation>
        </message>
        <message>
            <source>Trường cần kiểm tra trước</source>
            <translation>Previous field to check</translation>
        </message>
        <message>
            <source>Về trường cần kiểm tra trước (Ctrl+↑)</source>
            <translation>Go to the previous field to check (Ctrl+↑)</translation>
        </message>
        <message>
            <source>Bỏ phần vừa gõ</source>
            <translation>Drop typing</translation>
        </message>
        <message>
            <source>Trả trường về giá trị đã lưu (Esc)</source>
            <translation>Put the saved value back in the field (Esc)</translation>
        </message>
        <message>
            <source>Chỉ trường cần kiểm tra</source>
            <translation>Only fields to check</translation>
        </message>
        <message>
            <source>Chỉ hiện các trường cần kiểm tra (Ctrl+Shift+F)</source>
            <translation>Show only the fields to check (Ctrl+Shift+F)</translation>
        </message>
        <message>
            <source>Chưa có bản ghi nào để kiểm tra. Chọn một trang đã nhận dạng, hoặc mở một bản ghi từ sổ đăng ký hay từ ô tìm kiếm.</source>
            <translation>No record to verify yet. Choose a recognised page, or open a record from the register book or the search box.</translation>
        </message>
        <message>
            <source>Enter: chấp nhận trường · Ctrl+Enter: xác nhận bản ghi · Page Up/Down: bản ghi trước/sau · Ctrl+Z: hoàn tác · F1: phím tắt</source>
            <translation>Enter: accept field · Ctrl+Enter: accept record · Page Up/Down: previous/next record · Ctrl+Z: undo · F1: shortcuts</translation>
        </message>
        <message>
            <source>Ký bản ghi</source>
            <translation>Sign record</translation>
        </message>
        <message>
            <source>Ký số bản ghi đã kiểm tra này (Ctrl+Shift+S)</source>
            <translation>Sign this checked record (Ctrl+Shift+S)</translation>
        </message>
        <message>
            <source>Lịch sử</source>
            <translation>History</translation>
        </message>
        <message>
            <source>Ai đã sửa gì, khi nào (Ctrl+H)</source>
            <translation>Who changed what, and when (Ctrl+H)</translation>
        </message>
        <message>
            <source>Người ký: {name} · lúc {when}</source>
            <translation>Signed by {name} · at {when}</translation>
        </message>
    </context>
    <context>
        <name>UnlockDialog</name>
        <message>
            <source>Đang mở khoá…</source>
            <translation>Unlocking…</translation>
        </message>
        <message>
            <source>Mở khoá thư mục làm việc</source>
            <translation>Unlock workspace</translation>
        </message>
        <message>
            <source>Thư mục làm việc này đã được mã hoá. Hãy nhập mật khẩu để mở.</source>
            <translation>This workspace is encrypted. Enter its passphrase to open it.</translation>
        </message>
        <message>
            <source>&amp;Mật khẩu:</source>
            <translation>&amp;Passphrase:</translation>
        </message>
    </context>
    <context>
        <name>Signing</name>
        <message>
            <source>Đã ký 1 bản ghi.</source>
            <translation>Signed 1 record.</translation>
        </message>
        <message>
            <source>Đã ký {n} bản ghi.</source>
            <translation>Signed {n} records.</translation>
        </message>
        <message>
            <source>Kết quả ký số</source>
            <translation>Signing result</translation>
        </message>
        <message>
            <source>Chữ ký hợp lệ</source>
            <translation>Valid signature</translation>
        </message>
        <message>
            <source>Có cảnh báo</source>
            <translation>With warnings</translation>
        </message>
        <message>
            <source>Không hợp lệ</source>
            <translation>Invalid</translation>
        </message>
        <message>
            <source>Không rõ người ký</source>
            <translation>Unknown signer</translation>
        </message>
        <message>
            <source>1 bản ghi không ký:</source>
            <translation>1 record not signed:</translation>
        </message>
        <message>
            <source>{n} bản ghi không ký:</source>
            <translation>{n} records not signed:</translation>
        </message>
    </context>
    <context>
        <name>History</name>
        <message>
            <source>Tạo bản ghi</source>
            <translation>Created</translation>
        </message>
        <message>
            <source>Sửa</source>
            <translation>Corrected</translation>
        </message>
        <message>
            <source>Xác nhận</source>
            <translation>Checked</translation>
        </message>
        <message>
            <source>Ký số</source>
            <translation>Sign</translation>
        </message>
        <message>
            <source>Mở lại để kiểm tra</source>
            <translation>Reopened for checking</translation>
        </message>
        <message>
            <source>Đồng bộ</source>
            <translation>Synced</translation>
        </message>
        <message>
            <source>Xuất bản đã ký</source>
            <translation>Exported signed copy</translation>
        </message>
        <message>
            <source>Lịch sử bản ghi</source>
            <translation>Record history</translation>
        </message>
        <message>
            <source>Bản ghi chưa có thay đổi nào.</source>
            <translation>The record has no changes yet.</translation>
        </message>
        <message>
            <source>Thời gian</source>
            <translation>When</translation>
        </message>
        <message>
            <source>Người thực hiện</source>
            <translation>By</translation>
        </message>
        <message>
            <source>Việc</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Trường</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Cũ → mới</source>
            <translation>Old → new</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>State</translation>
        </message>
    </context>
    <context>
        <name>SignKeyDialog</name>
        <message>
            <source>Chọn tệp chứng thư số</source>
            <translation>Choose the certificate file</translation>
        </message>
        <message>
            <source>Chứng thư số (*.p12 *.pfx);;Tất cả các tệp (*)</source>
            <translation>Certificates (*.p12 *.pfx);;All files (*)</translation>
        </message>
        <message>
            <source>Chọn trình điều khiển thẻ ký số</source>
            <translation>Choose the signing token's driver</translation>
        </message>
        <message>
            <source>Thư viện PKCS#11 (*.so *.dll *.dylib);;Tất cả các tệp (*)</source>
            <translation>PKCS#11 libraries (*.so *.dll *.dylib);;All files (*)</translation>
        </message>
        <message>
            <source>Ký số</source>
            <translation>Sign</translation>
        </message>
        <message>
            <source>Tệp chứng thư số (.p12, .pfx)</source>
            <translation>Certificate file (.p12, .pfx)</translation>
        </message>
        <message>
            <source>Thẻ ký số (USB token, PKCS#11)</source>
            <translation>Signing token (USB token, PKCS#11)</translation>
        </message>
        <message>
            <source>&amp;Tệp:</source>
            <translation>&amp;File:</translation>
        </message>
        <message>
            <source>T&amp;rình điều khiển:</source>
            <translation>D&amp;river:</translation>
        </message>
        <message>
            <source>&amp;Nhãn thẻ:</source>
            <translation>Token &amp;label:</translation>
        </message>
        <message>
            <source>&amp;Mã PIN / mật khẩu:</source>
            <translation>&amp;PIN / password:</translation>
        </message>
        <message>
            <source>Chọn…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>Mã PIN chỉ dùng cho lần ký này, không được lưu lại. Chỉ bản ghi «Đã kiểm tra» mới được ký.</source>
            <translation>The PIN is used for this signing only and is never saved. Only checked records are signed.</translation>
        </message>
        <message>
            <source>Ký số 1 bản ghi đã kiểm tra.</source>
            <translation>Sign 1 checked record.</translation>
        </message>
        <message>
            <source>Ký số {n} bản ghi đã kiểm tra.</source>
            <translation>Sign {n} checked records.</translation>
        </message>
    </context>
    <context>
        <name>ExportSummary</name>
        <message>
            <source>Kết quả xuất sổ</source>
            <translation>Export result</translation>
        </message>
    </context>
</TS>
