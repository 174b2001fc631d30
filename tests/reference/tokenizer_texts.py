#!/usr/bin/env python3
"""Writes the adversarial texts of the tokenizer conformance test as JSONL lines {"id", "text"}: emoji and ZWJ
sequences, combining marks, Hangul jamo and compatibility jamo, CJK, accented Latin (composed and decomposed),
digit runs, control characters, tabs and long whitespace runs, special-token strings inside text, the empty
string. With CCI and corpus files, the prompts of every demo item in every style follow.
Usage: adversarial_texts.py OUT.jsonl [CCI CORPUS.json...]"""
import json
import subprocess
import sys

TEXTS = {
    "empty": "",
    "space": " ",
    "spaces_only": "     ",
    "newlines_only": "\n\n\n",
    "emoji": "좋아요 😀😂 👍🏽 ok",
    "emoji_zwj": "가족 👨‍👩‍👧‍👦 과 무지개 깃발 🏳️‍🌈 그리고 👩🏻‍💻",
    "flags": "🇰🇷🇯🇵 국기",
    "combining": "e\u0301te\u0301 cafe\u0301 a\u0308\u0304 n\u0303",
    "composed_latin": "été café naïve Ångström façade",
    "hangul_jamo": "\u1100\u1161\u11a8 \u1112\u1161\u11ab\u1100\u1173\u11af",
    "compat_jamo": "ㅋㅋㅋㅋ ㅠㅠ ㅎㅎ ㄱㄴㄷ ㅏㅑ",
    "hangul_mixed": "화자1: 오늘 날씨가 좋네요~~ ㅋㅋ 그쵸?!",
    "cjk": "漢字와 한자 日本語のテキスト 中文文本",
    "digits": "1 12 123 1234 12345 3.14159 1,000,000 ２０２４年 ١٢٣",
    "digit_run": "0123456789" * 5,
    "controls": "a\u0000b\u0001c\u0007d\u001be\u007ff",
    "vertical_space": "a\u000bb\u000cc\u0085d\u2028e\u2029f",
    "unicode_spaces": "a\u00a0b\u2003c\u3000d\u202fe\u200bf",
    "tabs": "\t탭\t\t문자\t \t",
    "long_spaces": "시작" + " " * 40 + "끝" + "\n" * 5 + "다음" + " \n " * 4,
    "crlf": "줄1\r\n줄2\r\n\r\n줄3\r",
    "special_llama2": "<s>대화</s> <unk> 텍스트 <s><s>",
    "special_chatml": "<|im_start|>user\n질문<|im_end|>\n<|im_start|>assistant\n",
    "special_llama3": "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n안녕<|eot_id|>",
    "special_gemma": "<bos><start_of_turn>user\n안녕<end_of_turn>\n<start_of_turn>model\n",
    "special_partial": "<s <|im_start| <|begin_of_text <bo s> </ s>",
    "think_tags": "<think>\n생각\n</think>\n\n답",
    "punctuation": "...!!!???~~~ --- ((괄호)) [대괄호] {중괄호} 「인용」 “따옴표” ‘작은’",
    "apostrophes": "I'm you're they've it's we'd I'LL DON'T 'quoted'",
    "urls": "https://example.com/path?q=1&r=2#frag user@example.org",
    "mixed_scripts": "Hello안녕Привет مرحبا שלום नमस्ते สวัสดี",
    "private_use": "\ue000\uf8ff\U000f0000 사용자 영역",
    "astral": "\U0001d400\U0001d401 𝕂𝕠𝕣𝕖𝕒 \U00020000",
    "halfwidth": "ﾊﾝｶｸ ＡＢＣ ｱｲｳ",
    "replacement_char": "\ufffd 대체 \ufffd\ufffd",
    "bom": "\ufeff시작",
    "leading_trailing": "   앞뒤 공백   ",
    "repeated_chars": "ㅋ" * 60 + "하" * 30,
    "long_word": "가나다라마바사아자차카타파하" * 8,
    "markdown": "**굵게** _기울임_ `코드` # 제목\n- 목록\n1. 번호",
    "option_block": "[Option]\nA. 화자2가 기뻐한다.\nB. 화자1이 슬퍼한다.\nC. 화자2는 화가 난다.",
    "answer_letters": "A B C A. B. C. ABC abc",
    "added_token_options": "앞 [MASK] 뒤  [MASK]x [MASK]\t\n OK OKAY 화자 '화자' a화자 화자1 _화자 <mask> x  <mask>",
}


STYLES = ["Baseline", "CustomRef", "CustomRefOfficialTerm", "CustomRefDefinition", "CustomRefInstruction",
          "SystemRefOfficialTerm"]


def demo_prompts(cci, corpus_files):
    """Every item of the demo corpus in every bundled style (user messages, and each style's system message)."""
    rows = []
    for style in STYLES:
        for path in corpus_files:
            out = subprocess.run([cci, "prompt", path, "--style", style, "--jsonl"], check=True,
                                 capture_output=True, text=True).stdout
            for line in out.splitlines():
                r = json.loads(line)
                rows.append({"id": f"{style}_{r['id']}_user", "text": r["user"]})
        rows.append({"id": f"{style}_system", "text": r["system"]})
    return rows


def main() -> None:
    out_path, *rest = sys.argv[1:]
    rows = [{"id": "adv_" + key, "text": text} for key, text in TEXTS.items()]
    if rest:
        rows += demo_prompts(rest[0], rest[1:])
    with open(out_path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
