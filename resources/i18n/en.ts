<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
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
</TS>
