package i18n

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"syscall"
)

// stdErrors are the errors of the standard library and the operating
// system that most often reach a user, in every language: a reader of
// Korean or Chinese gets "파일이나 디렉터리가 없음", not the system's English.
var stdErrors = []struct {
	err error
	msg *Message
}{
	{fs.ErrNotExist, Define("i18n.std.not-exist", "no such file or directory", "파일이나 디렉터리가 없음", "沒有此檔案或目錄")},
	{fs.ErrPermission, Define("i18n.std.permission", "permission denied", "권한이 없음", "權限不足")},
	{fs.ErrExist, Define("i18n.std.exist", "file already exists", "파일이 이미 있음", "檔案已存在")},
	{syscall.EISDIR, Define("i18n.std.is-dir", "is a directory", "디렉터리임", "是目錄")},
	{syscall.ENOTDIR, Define("i18n.std.not-dir", "not a directory", "디렉터리가 아님", "不是目錄")},
	{syscall.ENOSPC, Define("i18n.std.no-space", "no space left on device", "장치에 남은 공간이 없음", "裝置上沒有剩餘空間")},
	{syscall.EROFS, Define("i18n.std.read-only", "read-only file system", "읽기 전용 파일 시스템", "唯讀檔案系統")},
	{syscall.ECONNREFUSED, Define("i18n.std.conn-refused", "connection refused", "연결이 거부됨", "連線遭拒")},
	{syscall.ECONNRESET, Define("i18n.std.conn-reset", "connection reset by peer", "상대가 연결을 재설정함", "連線遭對方重設")},
	{syscall.EHOSTUNREACH, Define("i18n.std.host-unreachable", "no route to host", "호스트에 연결할 경로가 없음", "沒有通往主機的路由")},
	{syscall.ENETUNREACH, Define("i18n.std.net-unreachable", "network is unreachable", "네트워크에 연결할 수 없음", "無法連上網路")},
	{context.DeadlineExceeded, Define("i18n.std.deadline", "timed out", "시간 초과", "逾時")},
	{context.Canceled, Define("i18n.std.canceled", "canceled", "취소됨", "已取消")},
	{io.ErrUnexpectedEOF, Define("i18n.std.unexpected-eof", "unexpected end of file", "파일이 예기치 않게 끝남", "檔案意外結束")},
}

var (
	msgPathError = Define("i18n.std.path-error",
		"%s: %s",
		"%s: %s",
		"%s：%s")
	msgForeign = Define("i18n.std.foreign",
		"%s",
		"\"%s\"",
		"「%s」")
)

// localizeStd renders an error that comes from the standard library or
// the system in l (not English): a known one in l's words (with the file
// of a path error), any other as its own text quoted, so that a reader
// sees which words are the system's.
func localizeStd(err error, l Lang) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return msgPathError.Plain(l, pe.Path, localizeStd(pe.Err, l))
	}
	for _, s := range stdErrors {
		if errors.Is(err, s.err) {
			return s.msg.Plain(l)
		}
	}
	return msgForeign.Plain(l, err.Error())
}
