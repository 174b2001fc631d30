<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>DeviceChoices</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU (none visible)</source>
        <translation>CUDA GPU (보이는 GPU 없음)</translation>
    </message>
    <message>
        <source>CUDA GPU (this build is CPU-only)</source>
        <translation>CUDA GPU (이 빌드는 CPU 전용)</translation>
    </message>
</context>
<context>
    <name>QDialog</name>
    <message>
        <source>Rationale</source>
        <translation>근거</translation>
    </message>
    <message>
        <source>Why this answer? Ctrl+Enter saves, Esc cancels.</source>
        <translation>왜 이 답인가요? Ctrl+Enter로 저장, Esc로 취소합니다.</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>사용 설명서</translation>
    </message>
    <message>
        <source>The user guide is missing from this build.</source>
        <translation>이 빌드에는 사용 설명서가 없습니다.</translation>
    </message>
</context>
<context>
    <name>annotate</name>
    <message>
        <source>Choose option 1</source>
        <translation>1번 선택</translation>
    </message>
    <message>
        <source>Choose option 2</source>
        <translation>2번 선택</translation>
    </message>
    <message>
        <source>Choose option 3</source>
        <translation>3번 선택</translation>
    </message>
    <message>
        <source>Unsure</source>
        <translation>모름</translation>
    </message>
    <message>
        <source>Next unannotated item</source>
        <translation>주석이 없는 다음 항목</translation>
    </message>
    <message>
        <source>Previous item</source>
        <translation>이전 항목</translation>
    </message>
    <message>
        <source>Tag the item</source>
        <translation>항목에 태그 달기</translation>
    </message>
    <message>
        <source>Write a rationale</source>
        <translation>근거 쓰기</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>되돌리기</translation>
    </message>
    <message>
        <source>Show the shortcuts</source>
        <translation>단축키 보기</translation>
    </message>
    <message>
        <source>unsure</source>
        <translation>모름</translation>
    </message>
    <message>
        <source>answer %1 → %2</source>
        <translation>답 %1 → %2</translation>
    </message>
    <message>
        <source>tags %1 → %2</source>
        <translation>태그 %1 → %2</translation>
    </message>
    <message>
        <source>rationale</source>
        <translation>근거</translation>
    </message>
</context>
<context>
    <name>cci::charts</name>
    <message>
        <source>raw</source>
        <translation>원본</translation>
    </message>
    <message>
        <source>items</source>
        <translation>항목</translation>
    </message>
    <message>
        <source>refined</source>
        <translation>정제</translation>
    </message>
    <message>
        <source>min %1</source>
        <translation>최소 %1</translation>
    </message>
    <message>
        <source>mean %1</source>
        <translation>평균 %1</translation>
    </message>
    <message>
        <source>max %1</source>
        <translation>최대 %1</translation>
    </message>
    <message>
        <source>Inference categories</source>
        <translation>추론 유형</translation>
    </message>
    <message>
        <source>Gold answers</source>
        <translation>정답 분포</translation>
    </message>
    <message>
        <source>Turns per conversation</source>
        <translation>대화당 발화 수</translation>
    </message>
    <message>
        <source>Total utterance length per conversation</source>
        <translation>대화당 발화 전체 길이</translation>
    </message>
    <message>
        <source>category</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>gold answer (output)</source>
        <translation>정답 (output)</translation>
    </message>
    <message>
        <source>utterances per conversation</source>
        <translation>대화당 발화 수</translation>
    </message>
    <message>
        <source>characters in all utterances (bins of 50)</source>
        <translation>모든 발화의 글자 수 (50 단위 구간)</translation>
    </message>
    <message>
        <source>Prompt length in tokens, per style</source>
        <translation>프롬프트 스타일별 토큰 길이</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n over the limit)</source>
        <translation>
            <numerusform>%1 (한도 초과 %n개)</numerusform>
        </translation>
    </message>
    <message>
        <source>max_seq_length %1</source>
        <translation>max_seq_length %1</translation>
    </message>
    <message>
        <source>tokens (bins of 64)</source>
        <translation>토큰 (64 단위 구간)</translation>
    </message>
</context>
<context>
    <name>cci::charts::WordCloudWidget</name>
    <message numerus="yes">
        <source>%1: %n occurrence(s) — click to find the items</source>
        <translation>
            <numerusform>%1: %n번 — 누르면 항목을 찾습니다</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cci::ui::AnnotateView</name>
    <message>
        <source>Blind mode (hide gold until answered)</source>
        <translation>블라인드 모드 (답하기 전에는 정답 숨김)</translation>
    </message>
    <message>
        <source>Import annotations…</source>
        <translation>주석 가져오기…</translation>
    </message>
    <message>
        <source>Export labels…</source>
        <translation>레이블 내보내기…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>설정…</translation>
    </message>
    <message>
        <source>Shortcuts (?)</source>
        <translation>단축키 (?)</translation>
    </message>
    <message>
        <source>[%1] option %1</source>
        <translation>[%1] %1번 보기</translation>
    </message>
    <message>
        <source>[0] unsure</source>
        <translation>[0] 모름</translation>
    </message>
    <message>
        <source>All annotators on this item:</source>
        <translation>이 항목에 대한 모든 주석자의 선택:</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>주석자</translation>
    </message>
    <message>
        <source>Annotated</source>
        <translation>주석 완료</translation>
    </message>
    <message>
        <source>Unsure</source>
        <translation>모름</translation>
    </message>
    <message>
        <source>Agrees with gold</source>
        <translation>정답과 일치</translation>
    </message>
    <message>
        <source>&lt;b&gt;Agreement&lt;/b&gt;</source>
        <translation>&lt;b&gt;일치도&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Items where annotators disagree (click to open):</source>
        <translation>주석자 간 의견이 다른 항목 (클릭하여 열기):</translation>
    </message>
    <message>
        <source>Annotator: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>주석자: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The annotations of %1 cannot be read; annotating it is disabled until the sidecar is fixed:
%2</source>
        <translation>%1의 주석 파일을 읽을 수 없습니다. 파일을 고치기 전까지 이 말뭉치는 주석할 수 없습니다:
%2</translation>
    </message>
    <message>
        <source>Tags (T): %1</source>
        <translation>태그 (T): %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Rationale (N): %1</source>
        <translation>근거 (N): %1</translation>
    </message>
    <message>
        <source>Annotated: %1</source>
        <translation>주석 진행: %1</translation>
    </message>
    <message>
        <source>Model %1</source>
        <translation>모델 %1</translation>
    </message>
    <message>
        <source>: agreement / Cohen&apos;s κ</source>
        <translation>: 일치율 / Cohen&apos;s κ</translation>
    </message>
    <message>
        <source>Cohen&apos;s κ %1 / %2: %3 (%4 items)</source>
        <translation>Cohen&apos;s κ %1 / %2: %3 (%4개 항목)</translation>
    </message>
    <message>
        <source>Fleiss&apos; κ among all: %1 (%2 items)</source>
        <translation>전체 Fleiss&apos; κ: %1 (%2개 항목)</translation>
    </message>
    <message>
        <source>Import other annotators&apos; sidecars to compare.</source>
        <translation>다른 주석자의 주석 파일을 가져오면 비교할 수 있습니다.</translation>
    </message>
    <message>
        <source>All done</source>
        <translation>모두 완료</translation>
    </message>
    <message>
        <source>Every item in the browser&apos;s list is annotated.</source>
        <translation>목록의 모든 항목에 주석을 달았습니다.</translation>
    </message>
    <message>
        <source>Other tag…</source>
        <translation>다른 태그…</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>태그</translation>
    </message>
    <message>
        <source>Tag name:</source>
        <translation>태그 이름:</translation>
    </message>
    <message>
        <source>Annotate shortcuts</source>
        <translation>주석 단축키</translation>
    </message>
    <message>
        <source>&lt;table&gt;%1&lt;/table&gt;&lt;p&gt;Change the keys in Settings.&lt;/p&gt;</source>
        <translation>&lt;table&gt;%1&lt;/table&gt;&lt;p&gt;키는 설정에서 바꿀 수 있습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Import another annotator&apos;s sidecar</source>
        <translation>다른 주석자의 주석 파일 가져오기</translation>
    </message>
    <message>
        <source>Annotations (*.annotations.json *.json)</source>
        <translation>주석 파일 (*.annotations.json *.json)</translation>
    </message>
    <message>
        <source>Export the majority labels of this file</source>
        <translation>이 파일의 다수결 레이블 내보내기</translation>
    </message>
    <message>
        <source>Corpus JSON (*.json)</source>
        <translation>말뭉치 JSON (*.json)</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>내보냄</translation>
    </message>
    <message>
        <source>%1 items labelled, %2 without a choice, %3 majority ties.
Rationales: %4</source>
        <translation>%1개 항목에 레이블, %2개는 선택 없음, 다수결 동점 %3개.
근거: %4</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>주석</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>되돌릴 것이 없습니다.</translation>
    </message>
    <message>
        <source>Undone on %1: %2</source>
        <translation>%1에서 되돌림: %2</translation>
    </message>
</context>
<context>
    <name>cci::ui::BackgroundJob</name>
    <message>
        <source>Out of memory. Try a smaller max_seq_length or batch, a smaller model, or fewer LoRA targets.</source>
        <translation>메모리가 부족합니다. max_seq_length나 배치를 줄이거나, 더 작은 모델이나 더 적은 LoRA 대상을 쓰세요.</translation>
    </message>
</context>
<context>
    <name>cci::ui::BrowserView</name>
    <message>
        <source>Search utterances, inferences and ids (Ctrl+F)</source>
        <translation>발화, 추론문, ID 검색 (Ctrl+F)</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>모든 유형</translation>
    </message>
    <message>
        <source>All splits</source>
        <translation>모든 분할</translation>
    </message>
    <message>
        <source>Has gold</source>
        <translation>정답 있음</translation>
    </message>
    <message>
        <source>%1 of %2 items</source>
        <translation>%2개 중 %1개 항목</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>모두 보기</translation>
    </message>
    <message numerus="yes">
        <source>Only the items of %1 (%n item(s))</source>
        <translation>
            <numerusform>%1의 항목만 (%n개)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cci::ui::ConversationView</name>
    <message>
        <source>No item selected</source>
        <translation>선택한 항목 없음</translation>
    </message>
    <message>
        <source>Item id (select to copy)</source>
        <translation>항목 ID (선택하여 복사)</translation>
    </message>
    <message>
        <source>Copy id</source>
        <translation>ID 복사</translation>
    </message>
    <message>
        <source>Copy the item id to the clipboard</source>
        <translation>항목 ID를 클립보드에 복사</translation>
    </message>
    <message>
        <source>Candidate inferences</source>
        <translation>후보 추론문</translation>
    </message>
    <message>
        <source>Speaker %1</source>
        <translation>화자 %1</translation>
    </message>
    <message>
        <source>%1 — reference utterance</source>
        <translation>%1 — 참조 발화</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>참조</translation>
    </message>
    <message>
        <source>%1 · %2 turns</source>
        <translation>%1 · %2턴</translation>
    </message>
    <message>
        <source>Gold answer hidden until you answer (blind mode)</source>
        <translation>답하기 전까지 정답을 숨깁니다 (블라인드 모드)</translation>
    </message>
    <message>
        <source>No gold answer (unlabeled item)</source>
        <translation>정답 없음 (레이블 없는 항목)</translation>
    </message>
    <message>
        <source>Gold answer: inference_%1</source>
        <translation>정답: inference_%1</translation>
    </message>
</context>
<context>
    <name>cci::ui::CorpusTableModel</name>
    <message>
        <source>No gold answer (unlabeled)</source>
        <translation>정답 없음 (레이블 없음)</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>분할</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>턴</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>글자 수</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>정답</translation>
    </message>
</context>
<context>
    <name>cci::ui::EnsembleView</name>
    <message numerus="yes">
        <source>Replace the %n loaded model(s) with the demo predictions?</source>
        <translation>
            <numerusform>불러온 모델 %n개를 데모 예측으로 바꿀까요?</numerusform>
        </translation>
    </message>
    <message>
        <source>Open predictions…</source>
        <translation>예측 파일 열기…</translation>
    </message>
    <message>
        <source>Demo predictions</source>
        <translation>데모 예측</translation>
    </message>
    <message>
        <source>Five synthetic models on the demo dev split</source>
        <translation>데모 dev 분할에 대한 합성 모델 다섯 개</translation>
    </message>
    <message>
        <source>Hard voting (published)</source>
        <translation>하드 보팅 (공개된 방식)</translation>
    </message>
    <message>
        <source>Soft voting (mean probabilities)</source>
        <translation>소프트 보팅 (확률 평균)</translation>
    </message>
    <message>
        <source>Export submission…</source>
        <translation>제출 파일 내보내기…</translation>
    </message>
    <message>
        <source>Ensemble wrong</source>
        <translation>앙상블 오답</translation>
    </message>
    <message>
        <source>Split vote</source>
        <translation>의견 갈림</translation>
    </message>
    <message>
        <source>All wrong</source>
        <translation>모두 오답</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>모든 유형</translation>
    </message>
    <message>
        <source>File order</source>
        <translation>파일 순서</translation>
    </message>
    <message>
        <source>Smallest margin first</source>
        <translation>표 차이 작은 순</translation>
    </message>
    <message>
        <source>Most disagreement first</source>
        <translation>불일치 많은 순</translation>
    </message>
    <message>
        <source>Tick the models that vote (ensemble builder); right-click to set a model&apos;s prompt style</source>
        <translation>투표할 모델을 고르세요 (앙상블 구성). 오른쪽 클릭으로 모델의 프롬프트 스타일을 지정합니다</translation>
    </message>
    <message>
        <source>&lt;b&gt;Models&lt;/b&gt; (tick to include)</source>
        <translation>&lt;b&gt;모델&lt;/b&gt; (체크하여 포함)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>확률</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>일치율</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa</source>
        <translation>Cohen&apos;s kappa</translation>
    </message>
    <message>
        <source>Double fault</source>
        <translation>동시 오답</translation>
    </message>
    <message>
        <source>Yule&apos;s Q</source>
        <translation>Yule&apos;s Q</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>항목</translation>
    </message>
    <message>
        <source>Per category</source>
        <translation>유형별</translation>
    </message>
    <message>
        <source>Leave one out</source>
        <translation>하나씩 빼기</translation>
    </message>
    <message>
        <source>Cannot load predictions</source>
        <translation>예측 파일을 불러올 수 없습니다</translation>
    </message>
    <message>
        <source>%1 of %2 items</source>
        <translation>%2개 중 %1개 항목</translation>
    </message>
    <message>
        <source>Any model</source>
        <translation>모든 모델</translation>
    </message>
    <message>
        <source>%1 wrong</source>
        <translation>%1번 오답</translation>
    </message>
    <message>
        <source>Open a reference file and prediction files, or try the demo predictions.</source>
        <translation>기준 파일과 예측 파일을 열거나 데모 예측을 사용해 보세요.</translation>
    </message>
    <message>
        <source>Tick at least one model.</source>
        <translation>모델을 하나 이상 고르세요.</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>계산 중…</translation>
    </message>
    <message>
        <source>ensemble</source>
        <translation>앙상블</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>accuracy change without the model</source>
        <translation>모델을 뺐을 때 정확도 변화</translation>
    </message>
    <message>
        <source>accuracy change</source>
        <translation>정확도 변화</translation>
    </message>
    <message>
        <source>Prompt style of this model</source>
        <translation>이 모델의 프롬프트 스타일</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(모름)</translation>
    </message>
    <message>
        <source>Prompt styles</source>
        <translation>프롬프트 스타일</translation>
    </message>
    <message>
        <source>&lt;h4&gt;%1 — models %2&lt;/h4&gt;</source>
        <translation>&lt;h4&gt;%1 — 모델 %2&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#868e96&apos;&gt;Models %1: prompt style not set (right-click the model in the list).&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:#868e96&apos;&gt;모델 %1: 프롬프트 스타일이 지정되지 않았습니다 (목록에서 모델을 오른쪽 클릭).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Reference file: the labelled file (dev) or the file to answer (test)</source>
        <translation>기준 파일: 레이블 있는 파일(dev) 또는 답할 파일(test)</translation>
    </message>
    <message>
        <source>Corpus JSON (*.json)</source>
        <translation>말뭉치 JSON (*.json)</translation>
    </message>
    <message>
        <source>Prediction files (one per model, in voting order)</source>
        <translation>예측 파일 (모델마다 하나, 투표 순서대로)</translation>
    </message>
    <message>
        <source>Predictions (*.json)</source>
        <translation>예측 (*.json)</translation>
    </message>
    <message>
        <source>Export the ensemble&apos;s submission</source>
        <translation>앙상블 제출 파일 내보내기</translation>
    </message>
    <message>
        <source>Submission JSON (*.json)</source>
        <translation>제출 JSON (*.json)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>Accuracy %1, 95% interval %2–%3 (bootstrap over the items)</source>
        <translation>정확도 %1, 95% 구간 %2–%3 (항목 부트스트랩)</translation>
    </message>
    <message>
        <source>Calibration error (ECE) %1; %2 after temperature scaling at T = %3</source>
        <translation>보정 오차(ECE) %1; 온도 T = %3로 보정한 뒤 %2</translation>
    </message>
    <message>
        <source> (95%: %1–%2)</source>
        <translation> (95%: %1–%2)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Ensemble&lt;/b&gt; (%1 models, %2): accuracy &lt;b&gt;%3&lt;/b&gt;%9; oracle %4&lt;br&gt;Fleiss&apos; kappa %5; entropy %6; KW variance %7&lt;br&gt;%8 items without a strict majority</source>
        <translation>&lt;b&gt;앙상블&lt;/b&gt; (모델 %1개, %2): 정확도 &lt;b&gt;%3&lt;/b&gt;%9; 오라클 %4&lt;br&gt;Fleiss&apos; kappa %5; 엔트로피 %6; KW 분산 %7&lt;br&gt;과반이 없는 항목 %8개</translation>
    </message>
    <message>
        <source>Soft voting, each model calibrated on its run&apos;s dev data</source>
        <translation>소프트 보팅, 각 모델을 자기 실행의 dev 데이터로 보정</translation>
    </message>
    <message>
        <source>Weighted by each run&apos;s dev accuracy</source>
        <translation>각 실행의 dev 정확도로 가중</translation>
    </message>
    <message>
        <source>Needs a .probs.json beside every prediction file</source>
        <translation>모든 예측 파일 옆에 .probs.json이 필요합니다</translation>
    </message>
    <message>
        <source>On its run&apos;s dev data: accuracy %1 on %2 items, temperature %3</source>
        <translation>자기 실행의 dev 데이터: 항목 %2개에서 정확도 %1, 온도 %3</translation>
    </message>
    <message>
        <source>Picks A %1, B %2, C %3 (gold %4, %5, %6); p = %7</source>
        <translation>선택 A %1, B %2, C %3 (정답 %4, %5, %6); p = %7</translation>
    </message>
    <message>
        <source>Letter preference: predict with all 6 candidate orders to remove it</source>
        <translation>문자 선호: 후보 순서 6가지 모두로 예측하면 없어집니다</translation>
    </message>
    <message>
        <source>coverage (share of items answered)</source>
        <translation>커버리지 (답하는 항목의 비율)</translation>
    </message>
    <message>
        <source>accuracy on them</source>
        <translation>그 항목들의 정확도</translation>
    </message>
    <message>
        <source>margin ≤ </source>
        <translation>마진 ≤ </translation>
    </message>
    <message>
        <source>Annotate these items</source>
        <translation>이 항목들 주석 달기</translation>
    </message>
    <message>
        <source>Shows the items with the smallest vote margins in Browse and Annotate</source>
        <translation>투표 마진이 가장 작은 항목들을 탐색과 주석 탭에 보여 줍니다</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>마진</translation>
    </message>
    <message>
        <source>≥ %1</source>
        <translation>≥ %1</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>항목 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>vote margin ≤ %1 (%n item(s))</source>
        <translation>
            <numerusform>투표 마진 ≤ %1 (항목 %n개)</numerusform>
        </translation>
    </message>
    <message>
        <source>McNemar&apos;s test (p)</source>
        <translation>McNemar 검정 (p)</translation>
    </message>
    <message>
        <source>p-value of McNemar&apos;s paired test on the items: small = the two models&apos; errors differ</source>
        <translation>항목별 McNemar 대응 검정의 p값: 작을수록 두 모델의 오답이 유의하게 다름</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>보정</translation>
    </message>
    <message>
        <source>Calibration needs gold answers and each model&apos;s probabilities (the .probs.json beside its file).</source>
        <translation>보정을 보려면 정답과 각 모델의 확률(파일 옆의 .probs.json)이 필요합니다.</translation>
    </message>
    <message>
        <source>as scored (ECE %1)</source>
        <translation>채점 그대로 (ECE %1)</translation>
    </message>
    <message>
        <source>T = %1 (ECE %2)</source>
        <translation>T = %1 (ECE %2)</translation>
    </message>
    <message>
        <source>%1 items. Expected calibration error %2, NLL %3; after temperature scaling at T = %4 (fitted on these items): ECE %5, NLL %6. T &gt; 1: the model is overconfident. Soft voting with --held-out uses temperatures fitted on each run&apos;s dev evaluation instead.</source>
        <translation>%1개 항목. 기대 보정 오차 %2, NLL %3; T = %4의 온도 스케일링 후(이 항목들에 맞춤): ECE %5, NLL %6. T &gt; 1이면 모델이 과신하고 있습니다. --held-out 소프트 투표는 대신 각 실행의 dev 평가에 맞춘 온도를 씁니다.</translation>
    </message>
    <message>
        <source>– (needs gold)</source>
        <translation>– (정답 필요)</translation>
    </message>
</context>
<context>
    <name>cci::ui::FilesPanel</name>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>항목</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>분할</translation>
    </message>
    <message>
        <source>Close file</source>
        <translation>파일 닫기</translation>
    </message>
    <message>
        <source>Split of this file (guessed from its name)</source>
        <translation>이 파일의 분할 (파일 이름으로 추정)</translation>
    </message>
</context>
<context>
    <name>cci::ui::MainWindow</name>
    <message>
        <source>&amp;Browse</source>
        <translation>살펴보기(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Refine</source>
        <translation>정제(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Prompt</source>
        <translation>프롬프트(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Ensemble</source>
        <translation>앙상블(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Annotate</source>
        <translation>주석(&amp;A)</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Opened %1 (%2 items)</source>
        <translation>%1 열림 (%2개 항목)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Corpus…</source>
        <translation>말뭉치 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open corpus files</source>
        <translation>말뭉치 파일 열기</translation>
    </message>
    <message>
        <source>Corpus JSON (*.json);;All files (*)</source>
        <translation>말뭉치 JSON (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Open &amp;Demo Corpus</source>
        <translation>데모 말뭉치 열기(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Recent Files</source>
        <translation>최근 파일(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Close All</source>
        <translation>모두 닫기(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>설정(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>단축키(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About CCI Workbench</source>
        <translation>CCI 워크벤치 정보(&amp;A)</translation>
    </message>
    <message>
        <source>About CCI Workbench</source>
        <translation>CCI 워크벤치 정보</translation>
    </message>
    <message>
        <source>&lt;b&gt;CCI Workbench %1&lt;/b&gt;&lt;p&gt;Browse, refine, prompt, train, predict and vote for the Korean Conversational Context Inference task (NIKL 2024).&lt;/p&gt;</source>
        <translation>&lt;b&gt;CCI 워크벤치 %1&lt;/b&gt;&lt;p&gt;한국어 대화 맥락 추론 과제(국립국어원 2024)를 위해 말뭉치를 살펴보고, 정제하고, 프롬프트를 만들고, 학습·예측하고, 투표합니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>%1을(를) 열 수 없습니다</translation>
    </message>
    <message>
        <source>Problems in corpus file</source>
        <translation>말뭉치 파일의 문제</translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n problem(s) and was not opened.</source>
        <translation>
            <numerusform>%1 파일에 문제가 %n개 있어 열지 않았습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>
… and %1 more</source>
        <translation>
… 그 밖에 %1개 더</translation>
    </message>
    <message>
        <source>Warnings in corpus file</source>
        <translation>말뭉치 파일의 경고</translation>
    </message>
    <message numerus="yes">
        <source>%1 is open, with %n warning(s): what the published code accepts, read as it reads it.</source>
        <translation>
            <numerusform>%1 파일을 열었습니다. 경고 %n개: 공개 코드가 받아들이는 내용이며, 공개 코드와 같은 방식으로 읽었습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Statistics</source>
        <translation>통계(&amp;S)</translation>
    </message>
    <message>
        <source>R&amp;uns</source>
        <translation>실행(&amp;U)</translation>
    </message>
    <message>
        <source>&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;↑ / ↓, j / k&lt;/b&gt;&lt;/td&gt;&lt;td&gt;previous / next item&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+F&lt;/b&gt;&lt;/td&gt;&lt;td&gt;search utterances, inferences and ids&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Enter&lt;/b&gt; (in search)&lt;/td&gt;&lt;td&gt;back to the item table&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+1 … 7&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Browse / Refine / Prompt / Ensemble / Annotate / Statistics / Runs&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;1 2 3, 0&lt;/b&gt; (Annotate)&lt;/td&gt;&lt;td&gt;choose an option, unsure; Enter next unannotated, Backspace previous, T tag, N note, Ctrl+Z undo, ? help&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F3&lt;/b&gt; (Refine)&lt;/td&gt;&lt;td&gt;next item changed by the selected rule&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+O&lt;/b&gt;&lt;/td&gt;&lt;td&gt;open corpus files&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Delete&lt;/b&gt; (in Files)&lt;/td&gt;&lt;td&gt;close the selected file&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;↑ / ↓, j / k&lt;/b&gt;&lt;/td&gt;&lt;td&gt;이전 / 다음 항목&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+F&lt;/b&gt;&lt;/td&gt;&lt;td&gt;발화, 추론문, ID 검색&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Enter&lt;/b&gt; (검색 창에서)&lt;/td&gt;&lt;td&gt;항목 표로 돌아가기&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+1 … 7&lt;/b&gt;&lt;/td&gt;&lt;td&gt;살펴보기 / 정제 / 프롬프트 / 앙상블 / 주석 / 통계 / 실행&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;1 2 3, 0&lt;/b&gt; (주석)&lt;/td&gt;&lt;td&gt;보기 선택, 모름; Enter 주석이 없는 다음 항목, Backspace 이전, T 태그, N 근거, Ctrl+Z 되돌리기, ? 도움말&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F3&lt;/b&gt; (정제)&lt;/td&gt;&lt;td&gt;선택한 규칙이 바꾼 다음 항목&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+O&lt;/b&gt;&lt;/td&gt;&lt;td&gt;말뭉치 파일 열기&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Delete&lt;/b&gt; (파일 목록에서)&lt;/td&gt;&lt;td&gt;선택한 파일 닫기&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>A run is training</source>
        <translation>학습 중인 실행이 있습니다</translation>
    </message>
    <message>
        <source>Stop the training run and quit? Its metrics so far stay in its run folder.</source>
        <translation>학습을 멈추고 끝낼까요? 지금까지의 지표는 실행 폴더에 남습니다.</translation>
    </message>
    <message>
        <source>Open %1 to annotate its items (File › Open Corpus).</source>
        <translation>항목에 주석을 달려면 %1을(를) 여십시오 (파일 › 말뭉치 열기).</translation>
    </message>
    <message>
        <source>; the demo corpus was closed (File › Open Demo Corpus opens it again; its annotations are kept)</source>
        <translation>; 데모 말뭉치는 닫혔습니다(파일 › 데모 말뭉치 열기로 다시 열 수 있으며, 주석은 그대로 남습니다)</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>그 밖에 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>사용 설명서(&amp;U)</translation>
    </message>
</context>
<context>
    <name>cci::ui::NewRunDialog</name>
    <message>
        <source>New training run</source>
        <translation>새 학습 실행</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Make a demo model</source>
        <translation>데모 모델 만들기</translation>
    </message>
    <message>
        <source>A tiny random model from the open corpora, to try the workflow in a minute</source>
        <translation>열린 말뭉치로 만든 작은 무작위 모델로 1분 안에 흐름을 시험합니다</translation>
    </message>
    <message>
        <source>(own settings)</source>
        <translation>(직접 설정)</translation>
    </message>
    <message>
        <source>, refined data</source>
        <translation>, 정제 데이터</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>모델 폴더</translation>
    </message>
    <message>
        <source>Published recipe</source>
        <translation>공개된 설정</translation>
    </message>
    <message>
        <source>Prompt style</source>
        <translation>프롬프트 스타일</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>학습 데이터</translation>
    </message>
    <message>
        <source>Dev data</source>
        <translation>검증 데이터</translation>
    </message>
    <message>
        <source>Run name</source>
        <translation>실행 이름</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>에폭</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation>그래디언트 누적</translation>
    </message>
    <message>
        <source>LoRA r</source>
        <translation>LoRA r</translation>
    </message>
    <message>
        <source>LoRA alpha</source>
        <translation>LoRA alpha</translation>
    </message>
    <message>
        <source>LoRA dropout</source>
        <translation>LoRA dropout</translation>
    </message>
    <message>
        <source>max_seq_length</source>
        <translation>max_seq_length</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>시작할 수 없습니다</translation>
    </message>
    <message>
        <source>Demo model</source>
        <translation>데모 모델</translation>
    </message>
    <message>
        <source>Choose a Hugging Face model folder, or make a demo model.</source>
        <translation>Hugging Face 모델 폴더를 고르거나 데모 모델을 만드세요.</translation>
    </message>
    <message>
        <source>Not a model folder: %1</source>
        <translation>모델 폴더가 아닙니다: %1</translation>
    </message>
    <message>
        <source>Open a corpus first: the demo model&apos;s vocabulary is its characters.</source>
        <translation>먼저 말뭉치를 여세요: 데모 모델의 어휘는 그 글자들입니다.</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>QLoRA (NF4 base weights)</source>
        <translation>QLoRA (NF4 기본 가중치)</translation>
    </message>
    <message>
        <source>Copy from run</source>
        <translation>실행에서 복사</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>방식</translation>
    </message>
    <message>
        <source>First item</source>
        <translation>첫 항목</translation>
    </message>
    <message>
        <source>Not enough memory?</source>
        <translation>메모리가 부족한가요?</translation>
    </message>
    <message>
        <source>%1

Start anyway?</source>
        <translation>%1

그래도 시작할까요?</translation>
    </message>
    <message>
        <source>%1 has no readable configuration.</source>
        <translation>%1에는 읽을 수 있는 설정이 없습니다.</translation>
    </message>
    <message>
        <source>%1 on %2 needs about %3 GiB: base weights %4, adapter and optimizer %5, activations %6 (%7 trainable parameters).</source>
        <translation>%2에서 %1에는 약 %3 GiB가 필요합니다: 기본 가중치 %4, 어댑터와 옵티마이저 %5, 활성값 %6 (학습 매개변수 %7개).</translation>
    </message>
    <message>
        <source>This machine has %1 GiB available.</source>
        <translation>이 컴퓨터에서 쓸 수 있는 메모리는 %1 GiB입니다.</translation>
    </message>
    <message>
        <source>This machine has only %1 GiB available: the run will fail or swap. Try QLoRA, a smaller max_seq_length or a smaller model.</source>
        <translation>이 컴퓨터에서 쓸 수 있는 메모리는 %1 GiB뿐입니다. 실행이 실패하거나 스왑이 일어납니다. QLoRA, 더 작은 max_seq_length나 더 작은 모델을 쓰세요.</translation>
    </message>
    <message>
        <source>(choose the training data to preview its first item)</source>
        <translation>(첫 항목을 미리 보려면 학습 데이터를 고르세요)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Clean training and dev data with the published 9 refinement rules first</source>
        <translation>학습·검증 데이터를 먼저 공개된 9가지 정제 규칙으로 정제</translation>
    </message>
    <message>
        <source>Refinement</source>
        <translation>정제</translation>
    </message>
    <message>
        <source>%1 has %2 GiB (%3 GiB free).</source>
        <translation>%1: %2 GiB (여유 %3 GiB).</translation>
    </message>
    <message>
        <source>%1 has only %2 GiB: the run cannot fit. Try QLoRA, a smaller max_seq_length or a smaller model.</source>
        <translation>%1은(는) %2 GiB뿐이라 이 실행이 들어가지 않습니다. QLoRA, 더 작은 max_seq_length 또는 더 작은 모델을 쓰세요.</translation>
    </message>
    <message>
        <source>Items over max_seq_length</source>
        <translation>max_seq_length를 넘는 항목</translation>
    </message>
    <message>
        <source>%1 of %2 labelled items are longer than max_seq_length (%3 tokens with the answer) with this style and template; training skips them.

Start anyway?</source>
        <translation>정답이 있는 항목 %2개 중 %1개가 이 스타일과 템플릿에서 max_seq_length(정답 포함 %3 토큰)보다 길어 학습에서 제외됩니다.

그래도 시작할까요?</translation>
    </message>
    <message>
        <source>Show each item&apos;s candidates in a random order every epoch (option shuffling)</source>
        <translation>에포크마다 각 항목의 후보를 무작위 순서로 보이기 (선택지 섞기)</translation>
    </message>
    <message>
        <source>Augmentation against a letter preference: the answer letter follows the gold candidate to whichever of A, B, C it is shown as</source>
        <translation>문자 선호를 막는 증강: 정답 문자는 정답 후보가 A, B, C 중 어디에 보이든 그 위치를 따라갑니다</translation>
    </message>
    <message>
        <source>at epoch ends only</source>
        <translation>에포크 끝에서만</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 스텝</translation>
    </message>
    <message>
        <source>Dev accuracy (A/B/C scoring) every N optimizer steps as well as at each epoch&apos;s end; the best evaluation&apos;s adapter is kept in adapter_best/</source>
        <translation>각 에포크 끝과 함께 N 옵티마이저 스텝마다 dev 정확도(A/B/C 채점); 가장 좋은 평가의 어댑터는 adapter_best/에 보관됩니다</translation>
    </message>
    <message>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <source> evaluations</source>
        <translation> 회 평가</translation>
    </message>
    <message>
        <source>Stop after this many dev evaluations without a better accuracy</source>
        <translation>정확도가 나아지지 않은 dev 평가가 이만큼 이어지면 멈춥니다</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>증강</translation>
    </message>
    <message>
        <source>Evaluate on dev every</source>
        <translation>dev 평가 간격</translation>
    </message>
    <message>
        <source>Early stopping patience</source>
        <translation>조기 종료 인내</translation>
    </message>
    <message>
        <source>Sweep: one run per combination</source>
        <translation>스윕: 조합마다 실행 하나</translation>
    </message>
    <message>
        <source>e.g. 1e-4, 2e-4</source>
        <translation>예: 1e-4, 2e-4</translation>
    </message>
    <message>
        <source>e.g. 8, 16</source>
        <translation>예: 8, 16</translation>
    </message>
    <message>
        <source>e.g. CustomRef, SystemRefOfficialTerm</source>
        <translation>예: CustomRef, SystemRefOfficialTerm</translation>
    </message>
    <message>
        <source>as above</source>
        <translation>위와 같이</translation>
    </message>
    <message>
        <source>raw and refined</source>
        <translation>원본과 정제본</translation>
    </message>
    <message>
        <source>Learning rates</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Styles</source>
        <translation>스타일</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s), named %1-lr…-r…-STYLE-raw|refined</source>
        <translation>
            <numerusform>실행 %n개, 이름 %1-lr…-r…-STYLE-raw|refined</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Start %n runs</source>
        <translation>
            <numerusform>실행 %n개 시작</numerusform>
        </translation>
    </message>
    <message>
        <source>%7: %1 layers, hidden %2, %3 heads (%4 KV), vocabulary %5: %6 M parameters.</source>
        <translation>%7: 레이어 %1개, hidden %2, 헤드 %3개 (KV %4개), 어휘 %5: 매개변수 %6 M개.</translation>
    </message>
    <message>
        <source>%1 (saved)</source>
        <translation>%1 (저장한 스타일)</translation>
    </message>
    <message>
        <source>all (%1)</source>
        <translation>전부 (%1)</translation>
    </message>
    <message>
        <source>Threads the CPU computes with; fewer keep the workbench responsive while a run trains</source>
        <translation>CPU가 계산에 쓰는 스레드 수; 적게 두면 학습하는 동안에도 워크벤치가 잘 반응합니다</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 스레드</translation>
    </message>
    <message>
        <source>Keyword arguments for the chat template, as apply_chat_template(**kwargs) passes them: name=value, separated by commas (values are JSON, True/False/None, or text). Qwen3 and EXAONE 4.0 need enable_thinking=false.</source>
        <translation>채팅 템플릿에 넘기는 키워드 인수입니다(apply_chat_template(**kwargs)와 같음): 이름=값을 쉼표로 구분합니다(값은 JSON, True/False/None 또는 텍스트). Qwen3와 EXAONE 4.0에는 enable_thinking=false가 필요합니다.</translation>
    </message>
    <message>
        <source>arguments</source>
        <translation>인수</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>채팅 템플릿</translation>
    </message>
    <message>
        <source>Template arguments</source>
        <translation>템플릿 인수</translation>
    </message>
    <message>
        <source>The model&apos;s template</source>
        <translation>모델의 템플릿</translation>
    </message>
    <message>
        <source>The model&apos;s template “%1”</source>
        <translation>모델의 템플릿 “%1”</translation>
    </message>
    <message>
        <source>Built-in: %1</source>
        <translation>내장: %1</translation>
    </message>
    <message>
        <source>Hugging Face cache…</source>
        <translation>Hugging Face 캐시…</translation>
    </message>
    <message>
        <source>A model downloaded with hf download (or by transformers), by its id</source>
        <translation>hf download(또는 transformers)로 내려받은 모델을 ID로 고릅니다</translation>
    </message>
    <message>
        <source>No models in %1</source>
        <translation>%1에 모델이 없습니다</translation>
    </message>
    <message>
        <source>From the Hugging Face cache: %1</source>
        <translation>Hugging Face 캐시에서: %1</translation>
    </message>
    <message>
        <source>DoRA (a trained magnitude per output row, PEFT&apos;s use_dora)</source>
        <translation>DoRA (출력 행마다 학습되는 크기, PEFT의 use_dora)</translation>
    </message>
    <message>
        <source>Weight-decomposed LoRA: each adapted weight&apos;s rows are rescaled to trained magnitudes. Works with LoRA and QLoRA; PEFT and cci predict load the adapter.</source>
        <translation>가중치 분해 LoRA: 적응한 가중치의 각 행을 학습된 크기로 다시 맞춥니다. LoRA와 QLoRA 모두에서 쓸 수 있고, PEFT와 cci predict가 어댑터를 읽습니다.</translation>
    </message>
</context>
<context>
    <name>cci::ui::PredictDialog</name>
    <message>
        <source>Predict with %1</source>
        <translation>%1(으)로 예측</translation>
    </message>
    <message>
        <source>Last step (adapter/)</source>
        <translation>마지막 스텝 (adapter/)</translation>
    </message>
    <message>
        <source>Best dev evaluation: step %1, %2% (adapter_best/)</source>
        <translation>가장 좋은 dev 평가: 스텝 %1, %2% (adapter_best/)</translation>
    </message>
    <message>
        <source>Average over all 6 orders of the candidates (6× the time)</source>
        <translation>후보 순서 6가지 모두의 평균 (시간 6배)</translation>
    </message>
    <message>
        <source>Each item is scored with its candidates in every order and each candidate&apos;s probability averaged, so the model&apos;s preference for a letter cannot decide the answer</source>
        <translation>각 항목을 후보의 모든 순서로 채점하고 후보마다 확률을 평균하므로, 모델의 문자 선호가 답을 정하지 못합니다</translation>
    </message>
    <message>
        <source>Corpus</source>
        <translation>말뭉치</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>어댑터</translation>
    </message>
</context>
<context>
    <name>cci::ui::PromptView</name>
    <message>
        <source>Particles: the style&apos;s setting</source>
        <translation>조사: 스타일 설정대로</translation>
    </message>
    <message>
        <source>Particles: correct</source>
        <translation>조사: 올바르게</translation>
    </message>
    <message>
        <source>Particles: legacy (as published)</source>
        <translation>조사: 레거시 (공개된 코드 그대로)</translation>
    </message>
    <message>
        <source>⚠ legacy particle dropped text from a block</source>
        <translation>⚠ 레거시 조사 처리로 블록의 글이 잘렸습니다</translation>
    </message>
    <message>
        <source>Save style as…</source>
        <translation>스타일 다른 이름으로 저장…</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>스타일</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>비교 대상</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>Diff with the other style</source>
        <translation>다른 스타일과 비교</translation>
    </message>
    <message>
        <source>Style file (edit to preview live)</source>
        <translation>스타일 파일 (고치면 바로 미리보기)</translation>
    </message>
    <message>
        <source>(editor)</source>
        <translation>(편집기)</translation>
    </message>
    <message>
        <source>Not applied (the previous style stays): %1</source>
        <translation>적용하지 않음 (이전 스타일 유지): %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Select an item in the Browse tab.</source>
        <translation>살펴보기 탭에서 항목을 고르세요.</translation>
    </message>
    <message>
        <source>Choose a style to compare with.</source>
        <translation>비교할 스타일을 고르세요.</translation>
    </message>
    <message>
        <source>system</source>
        <translation>시스템</translation>
    </message>
    <message>
        <source>user</source>
        <translation>사용자</translation>
    </message>
    <message>
        <source>&lt;p&gt;- %1 &amp;nbsp; + %2&lt;/p&gt;</source>
        <translation>&lt;p&gt;- %1 &amp;nbsp; + %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Save the prompt style</source>
        <translation>프롬프트 스타일 저장</translation>
    </message>
    <message>
        <source>Prompt style (*.json)</source>
        <translation>프롬프트 스타일 (*.json)</translation>
    </message>
    <message>
        <source>Cannot save the style</source>
        <translation>스타일을 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>No chat template</source>
        <translation>채팅 템플릿 없음</translation>
    </message>
    <message>
        <source>The model&apos;s template</source>
        <translation>모델의 템플릿</translation>
    </message>
    <message>
        <source>Built-in: %1</source>
        <translation>내장: %1</translation>
    </message>
    <message>
        <source>Template file…</source>
        <translation>템플릿 파일…</translation>
    </message>
    <message>
        <source>Model…</source>
        <translation>모델…</translation>
    </message>
    <message>
        <source>A model folder: its tokenizer counts the tokens, its tokenizer_config.json gives the chat template</source>
        <translation>모델 폴더: 토크나이저로 토큰을 세고, tokenizer_config.json에서 채팅 템플릿을 가져옵니다</translation>
    </message>
    <message>
        <source>max_seq_length </source>
        <translation>max_seq_length </translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>채팅 템플릿</translation>
    </message>
    <message>
        <source>Chat text</source>
        <translation>채팅 텍스트</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>Model not loaded: %1</source>
        <translation>모델을 불러오지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>모델: %1</translation>
    </message>
    <message>
        <source>Template not used: %1</source>
        <translation>템플릿을 적용하지 않았습니다: %1</translation>
    </message>
    <message>
        <source>Jinja templates or tokenizer configs (*.jinja *.j2 *.txt *.json)</source>
        <translation>Jinja 템플릿 또는 토크나이저 설정 (*.jinja *.j2 *.txt *.json)</translation>
    </message>
    <message>
        <source>Model folder (tokenizer.json, tokenizer_config.json)</source>
        <translation>모델 폴더 (tokenizer.json, tokenizer_config.json)</translation>
    </message>
    <message>
        <source>The chat template failed on this item:
%1</source>
        <translation>이 항목에서 채팅 템플릿이 실패했습니다:
%1</translation>
    </message>
    <message>
        <source>Choose a chat template to see the text the model receives.</source>
        <translation>모델이 받는 텍스트를 보려면 채팅 템플릿을 고르세요.</translation>
    </message>
    <message>
        <source>Choose a model folder to count tokens.</source>
        <translation>토큰 수를 세려면 모델 폴더를 고르세요.</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>토큰 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source> (system + user without a chat template)</source>
        <translation> (채팅 템플릿 없이 시스템 + 사용자)</translation>
    </message>
    <message>
        <source> — over max_seq_length: the published training skipped such items</source>
        <translation> — max_seq_length 초과: 공개된 학습은 이런 항목을 건너뛰었습니다</translation>
    </message>
    <message>
        <source> · %1 with the answer, as training counts it</source>
        <translation> · 학습 기준(정답 포함) %1</translation>
    </message>
    <message>
        <source>Saved as %1 (%2); New Run lists it.</source>
        <translation>%1(으)로 저장했습니다(%2). 새 실행에서 고를 수 있습니다.</translation>
    </message>
    <message>
        <source>template arguments, e.g. enable_thinking=false</source>
        <translation>템플릿 인수, 예: enable_thinking=false</translation>
    </message>
    <message>
        <source>Keyword arguments for the chat template, as apply_chat_template(**kwargs) passes them: name=value, separated by commas (values are JSON, True/False/None, or text)</source>
        <translation>채팅 템플릿에 넘기는 키워드 인수입니다(apply_chat_template(**kwargs)와 같음): 이름=값을 쉼표로 구분합니다(값은 JSON, True/False/None 또는 텍스트)</translation>
    </message>
    <message>
        <source>Template arguments</source>
        <translation>템플릿 인수</translation>
    </message>
    <message>
        <source>Not applied (the previous arguments stay): %1</source>
        <translation>적용되지 않음(이전 인수를 유지합니다): %1</translation>
    </message>
    <message>
        <source>The model&apos;s template “%1”</source>
        <translation>모델의 템플릿 “%1”</translation>
    </message>
    <message>
        <source>The model has no default chat template (chat_template.jinja or tokenizer_config.json&apos;s chat_template); choose one of its named templates or a built-in template.</source>
        <translation>모델에 기본 채팅 템플릿이 없습니다(chat_template.jinja 또는 tokenizer_config.json의 chat_template). 모델의 이름 있는 템플릿이나 내장 템플릿을 고르세요.</translation>
    </message>
</context>
<context>
    <name>cci::ui::RefineView</name>
    <message>
        <source>Select a rule first.</source>
        <translation>먼저 규칙을 고르세요.</translation>
    </message>
    <message numerus="yes">
        <source>No item shown in Browse is changed by this rule; %n hidden by the Browse filter are: clear the filter to reach them.</source>
        <translation>
            <numerusform>살펴보기에 보이는 항목 중에는 이 규칙이 바꾸는 항목이 없습니다. 살펴보기 필터에 가려진 %n개가 있으니 필터를 지우면 볼 수 있습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>No item is changed by this rule.</source>
        <translation>이 규칙이 바꾸는 항목이 없습니다.</translation>
    </message>
    <message>
        <source>Merge consecutive utterances of one speaker</source>
        <translation>같은 화자의 연속 발화 합치기</translation>
    </message>
    <message>
        <source>Next item changed by selected rule (F3)</source>
        <translation>선택한 규칙이 바꾼 다음 항목 (F3)</translation>
    </message>
    <message>
        <source>Reset to published recipe</source>
        <translation>공개된 방식으로 되돌리기</translation>
    </message>
    <message>
        <source>Export refined corpora…</source>
        <translation>정제된 말뭉치 내보내기…</translation>
    </message>
    <message>
        <source>Original (removed or replaced text highlighted by rule)</source>
        <translation>원문 (규칙별로 지우거나 바꾼 부분 강조)</translation>
    </message>
    <message>
        <source>Refined</source>
        <translation>정제 결과</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>규칙</translation>
    </message>
    <message>
        <source>Utt.</source>
        <translation>발화</translation>
    </message>
    <message>
        <source>Chars</source>
        <translation>글자</translation>
    </message>
    <message>
        <source>Empty</source>
        <translation>비움</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>항목</translation>
    </message>
    <message>
        <source>Utterances the rule changed</source>
        <translation>규칙이 바꾼 발화 수</translation>
    </message>
    <message>
        <source>Characters the rule removed (net)</source>
        <translation>규칙이 지운 글자 수 (순)</translation>
    </message>
    <message>
        <source>Utterances the rule left empty (then dropped)</source>
        <translation>규칙이 비운 발화 수 (이후 삭제)</translation>
    </message>
    <message>
        <source>Items the rule changed</source>
        <translation>규칙이 바꾼 항목 수</translation>
    </message>
    <message>
        <source> (variant)</source>
        <translation> (변형)</translation>
    </message>
    <message>
        <source>Legend: </source>
        <translation>범례: </translation>
    </message>
    <message>
        <source>&lt;b&gt;Published recipe&lt;/b&gt; (the 9 rules as published)</source>
        <translation>&lt;b&gt;공개된 방식&lt;/b&gt; (공개된 9가지 규칙 그대로)</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#e8590c&apos;&gt;Modified recipe&lt;/b&gt; — differs from the published cleaning</source>
        <translation>&lt;b style=&apos;color:#e8590c&apos;&gt;수정된 방식&lt;/b&gt; — 공개된 정제와 다릅니다</translation>
    </message>
    <message>
        <source>All open corpora: %1 utterances in, %2 dropped, %3 merged into the previous one, %4 out; %5 items changed.</source>
        <translation>열린 모든 말뭉치: 발화 %1개 중 %2개 삭제, %3개는 앞 발화에 합침, 결과 %4개; 바뀐 항목 %5개.</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>세는 중…</translation>
    </message>
    <message>
        <source>Select an item in the Browse tab</source>
        <translation>살펴보기 탭에서 항목을 고르세요</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 → %4 utterances</source>
        <translation>%1 · %2 · 발화 %3 → %4개</translation>
    </message>
    <message>
        <source>rule %1: %2 &quot;%3&quot;%4</source>
        <translation>규칙 %1: &quot;%3&quot; %2%4</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>바꿈</translation>
    </message>
    <message>
        <source> by &quot;%1&quot;</source>
        <translation> → &quot;%1&quot;</translation>
    </message>
    <message>
        <source> &lt;i style=&apos;color:#c92a2a&apos;&gt;— dropped (emptied by %1)&lt;/i&gt;</source>
        <translation> &lt;i style=&apos;color:#c92a2a&apos;&gt;— 삭제됨 (%1 규칙이 비움)&lt;/i&gt;</translation>
    </message>
    <message>
        <source>an empty original</source>
        <translation>원래 빈 발화</translation>
    </message>
    <message>
        <source> (reference)</source>
        <translation> (참조)</translation>
    </message>
    <message>
        <source> &lt;span style=&apos;color:#1971c2; font-size:small&apos;&gt;(merged %1 utterances)&lt;/span&gt;</source>
        <translation> &lt;span style=&apos;color:#1971c2; font-size:small&apos;&gt;(발화 %1개 합침)&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Export refined corpora to</source>
        <translation>정제된 말뭉치를 내보낼 폴더</translation>
    </message>
    <message>
        <source>Refined corpora written</source>
        <translation>정제된 말뭉치를 저장했습니다</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
</context>
<context>
    <name>cci::ui::ReliabilityPlot</name>
    <message>
        <source>confidence (probability of the chosen answer)</source>
        <translation>확신도 (선택한 답의 확률)</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>items</source>
        <translation>항목 수</translation>
    </message>
    <message>
        <source>items per bin</source>
        <translation>구간별 항목 수</translation>
    </message>
    <message>
        <source>calibrated</source>
        <translation>완전 보정</translation>
    </message>
</context>
<context>
    <name>cci::ui::RunsModel</name>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>스타일</translation>
    </message>
    <message>
        <source>LR</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Best dev loss</source>
        <translation>최저 검증 손실</translation>
    </message>
    <message>
        <source>Best dev acc.</source>
        <translation>최고 검증 정확도</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>걸린 시간</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>방식</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>학습 데이터</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>중단됨</translation>
    </message>
    <message>
        <source>%1 · resumable</source>
        <translation>%1 · 이어서 할 수 있음</translation>
    </message>
    <message>
        <source>%1 (refined)</source>
        <translation>%1 (정제)</translation>
    </message>
    <message>
        <source>%1% @%2</source>
        <translation>%1% @%2</translation>
    </message>
    <message>
        <source>r</source>
        <translation>r</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>경고: %1</translation>
    </message>
</context>
<context>
    <name>cci::ui::RunsView</name>
    <message>
        <source>New Run…</source>
        <translation>새 실행…</translation>
    </message>
    <message>
        <source>optimizer step</source>
        <translation>옵티마이저 스텝</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>dev accuracy</source>
        <translation>검증 정확도</translation>
    </message>
    <message>
        <source>Training %1…</source>
        <translation>%1 학습 중…</translation>
    </message>
    <message>
        <source>(no run.json yet)</source>
        <translation>(아직 run.json이 없습니다)</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>학습 손실</translation>
    </message>
    <message>
        <source>train loss (smoothed)</source>
        <translation>학습 손실 (평활)</translation>
    </message>
    <message>
        <source>dev loss</source>
        <translation>검증 손실</translation>
    </message>
    <message>
        <source>Predict…</source>
        <translation>예측…</translation>
    </message>
    <message>
        <source>Predict an open corpus with the selected run&apos;s adapter; the predictions join the Ensemble tab</source>
        <translation>선택한 실행의 어댑터로 열린 말뭉치를 예측합니다. 예측은 앙상블 탭에 더해집니다</translation>
    </message>
    <message>
        <source>Choose a finished run to predict with.</source>
        <translation>예측에 쓸 완료된 실행을 고르세요.</translation>
    </message>
    <message>
        <source>Prediction cancelled.</source>
        <translation>예측을 취소했습니다.</translation>
    </message>
    <message>
        <source>Predicted %1 items (%2 items/s).</source>
        <translation>항목 %1개를 예측했습니다 (초당 %2개).</translation>
    </message>
    <message>
        <source>Predicting %1 with %2…</source>
        <translation>%2(으)로 %1 예측 중…</translation>
    </message>
    <message>
        <source>Select a finished run and open the corpus to predict.</source>
        <translation>완료된 실행을 선택하고 예측할 말뭉치를 여세요.</translation>
    </message>
    <message>
        <source>Finished: %1 steps, train loss %2 → %3%4</source>
        <translation>완료: %1 스텝, 학습 손실 %2 → %3%4</translation>
    </message>
    <message>
        <source>, dev accuracy %1%</source>
        <translation>, 검증 정확도 %1%</translation>
    </message>
    <message>
        <source>Cancelled after %1 steps (resumable).</source>
        <translation>%1 스텝 뒤 취소했습니다 (이어서 할 수 있음).</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>이어서 하기</translation>
    </message>
    <message>
        <source>Continue an interrupted, cancelled or failed run from its last checkpoint</source>
        <translation>중단·취소·실패한 실행을 마지막 체크포인트부터 이어갑니다</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>gradient norm / k tokens per s</source>
        <translation>그래디언트 노름 / 초당 천 토큰</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>로그 눈금</translation>
    </message>
    <message>
        <source>Loss and accuracy</source>
        <translation>손실과 정확도</translation>
    </message>
    <message>
        <source>Learning rate, gradients, throughput</source>
        <translation>학습률, 그래디언트, 처리량</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>비교 대상</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>기록</translation>
    </message>
    <message>
        <source>Resuming %1…</source>
        <translation>%1 이어서 하는 중…</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <source>(no other run)</source>
        <translation>(비교 안 함)</translation>
    </message>
    <message>
        <source>- %1
+ %2

</source>
        <translation>- %1
+ %2

</translation>
    </message>
    <message>
        <source>%1: train loss (smoothed)</source>
        <translation>%1: 학습 손실 (평활)</translation>
    </message>
    <message>
        <source>%1: dev accuracy</source>
        <translation>%1: 검증 정확도</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>그래디언트 노름</translation>
    </message>
    <message>
        <source>k tokens per s</source>
        <translation>초당 천 토큰</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>작업 취소</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>Jobs waiting for their device; they start in this order</source>
        <translation>장치를 기다리는 작업입니다. 이 순서대로 시작합니다</translation>
    </message>
    <message>
        <source>Remove from queue</source>
        <translation>대기열에서 빼기</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Removed from the queue: %1</source>
        <translation>대기열에서 뺐습니다: %1</translation>
    </message>
    <message>
        <source>%v/%m  ·  %1/s  ·  %2 left</source>
        <translation>%v/%m  ·  초당 %1  ·  %2 남음</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>the run folder %1 is already in use; choose another run name</source>
        <translation>실행 폴더 %1은(는) 이미 쓰이고 있습니다. 다른 실행 이름을 고르세요</translation>
    </message>
    <message>
        <source>%1 is already running or queued.</source>
        <translation>%1은(는) 이미 실행 중이거나 대기 중입니다.</translation>
    </message>
    <message>
        <source>Queued: %1</source>
        <translation>대기열에 넣음: %1</translation>
    </message>
    <message>
        <source>%1  (waiting for %2)</source>
        <translation>%1  (%2 기다리는 중)</translation>
    </message>
    <message>
        <source>resident memory</source>
        <translation>상주 메모리</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>최대</translation>
    </message>
    <message>
        <source>Double-click to vote and compare with the other runs&apos; predictions in the Ensemble tab</source>
        <translation>두 번 누르면 앙상블 탭에서 다른 실행의 예측과 함께 투표하고 비교합니다</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>예측</translation>
    </message>
    <message>
        <source>Open %1.json to compare these predictions with its answers.</source>
        <translation>이 예측을 정답과 비교하려면 %1.json을 여세요.</translation>
    </message>
    <message>
        <source>%1  (%2)</source>
        <translation>%1  (%2)</translation>
    </message>
    <message>
        <source>GPU peak (allocated)</source>
        <translation>GPU 최대 (할당)</translation>
    </message>
    <message>
        <source>; best %1% after %2 steps (adapter_best)</source>
        <translation>; 최고 %1% (%2 스텝 후, adapter_best)</translation>
    </message>
    <message>
        <source>; stopped early</source>
        <translation>; 조기 종료</translation>
    </message>
    <message>
        <source>Which tokens are scored as A, B and C, which the training target starts with, and how much probability the model puts on them (recorded at each dev evaluation)</source>
        <translation>A, B, C로 채점되는 토큰, 학습 목표가 시작하는 토큰, 모델이 그 토큰들에 두는 확률 (dev 평가마다 기록)</translation>
    </message>
    <message>
        <source>Answer letters</source>
        <translation>답 문자</translation>
    </message>
    <message>
        <source>(recorded at the run&apos;s first dev evaluation)</source>
        <translation>(실행의 첫 dev 평가에서 기록됩니다)</translation>
    </message>
    <message>
        <source>best: step %1, %2%</source>
        <translation>최고: 스텝 %1, %2%</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Read the runs folder again (F5); runs that other processes make or train (cci train, cci sweep) also appear by themselves</source>
        <translation>실행 폴더를 다시 읽습니다(F5). 다른 프로세스가 만들거나 학습하는 실행(cci train, cci sweep)도 저절로 나타납니다</translation>
    </message>
    <message>
        <source>No runs in %1 yet: New Run… trains one (a tiny demo model is ready the first time), and runs of cci train --out %1/NAME appear here as they train.</source>
        <translation>%1에 아직 실행이 없습니다: 새 실행…으로 학습을 시작하고(처음에는 작은 데모 모델이 준비되어 있습니다), cci train --out %1/이름 으로 학습하는 실행도 학습하는 동안 여기에 나타납니다.</translation>
    </message>
</context>
<context>
    <name>cci::ui::SettingsDialog</name>
    <message>
        <source>The language changes when the workbench is started again.</source>
        <translation>언어는 워크벤치를 다시 시작하면 바뀝니다.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Annotate command</source>
        <translation>주석 명령</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>시스템 언어</translation>
    </message>
    <message>
        <source>Takes effect after a restart.</source>
        <translation>다시 시작하면 적용됩니다.</translation>
    </message>
    <message>
        <source>Annotator name</source>
        <translation>주석자 이름</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>The annotator name cannot be empty.</source>
        <translation>주석자 이름을 비워 둘 수 없습니다.</translation>
    </message>
    <message>
        <source>The key %1 is bound to two commands.</source>
        <translation>%1 키가 두 명령에 지정되어 있습니다.</translation>
    </message>
    <message>
        <source>Training runs (run.json, metrics, adapters) are kept here</source>
        <translation>학습 실행(run.json, 지표, 어댑터)을 여기에 둡니다</translation>
    </message>
    <message>
        <source>Runs folder</source>
        <translation>실행 폴더</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
</context>
<context>
    <name>cci::ui::StatsView</name>
    <message>
        <source>Refined beside raw</source>
        <translation>원본 옆에 정제본</translation>
    </message>
    <message>
        <source>Jamo-only words (ㅋㅋ, ㅠㅠ)</source>
        <translation>자모만으로 된 단어 (ㅋㅋ, ㅠㅠ)</translation>
    </message>
    <message>
        <source>Stop words left out of the word cloud, separated by commas</source>
        <translation>워드 클라우드에서 뺄 불용어 (쉼표로 구분)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Corpus</source>
        <translation>말뭉치</translation>
    </message>
    <message>
        <source>Words in the utterances (click one to find its items)</source>
        <translation>발화 속 단어 (누르면 그 단어가 든 항목을 찾습니다)</translation>
    </message>
    <message>
        <source>Stop words</source>
        <translation>불용어</translation>
    </message>
    <message>
        <source>How long each style&apos;s prompts are in a model&apos;s tokens, against max_seq_length.</source>
        <translation>스타일별 프롬프트가 모델 토큰으로 얼마나 긴지, max_seq_length와 비교합니다.</translation>
    </message>
    <message>
        <source>Measure with a model…</source>
        <translation>모델로 재기…</translation>
    </message>
    <message>
        <source>Model folder (tokenizer.json, tokenizer_config.json)</source>
        <translation>모델 폴더 (tokenizer.json, tokenizer_config.json)</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>단어</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>프롬프트 토큰</translation>
    </message>
    <message>
        <source>category %1</source>
        <translation>유형 %1</translation>
    </message>
    <message>
        <source>gold inference_%1</source>
        <translation>정답 inference_%1</translation>
    </message>
    <message>
        <source>%1 turns</source>
        <translation>발화 %1개</translation>
    </message>
    <message>
        <source>total length %1–%2</source>
        <translation>전체 길이 %1–%2</translation>
    </message>
    <message>
        <source>%1–%2 characters</source>
        <translation>%1–%2자</translation>
    </message>
    <message numerus="yes">
        <source>%1 %2: %n item(s) — click to see them</source>
        <translation>
            <numerusform>%1 %2: %n개 — 누르면 항목을 봅니다</numerusform>
        </translation>
    </message>
    <message>
        <source>Model %1%2</source>
        <translation>모델 %1%2</translation>
    </message>
    <message>
        <source> (no chat template: plain messages)</source>
        <translation> (채팅 템플릿 없음: 메시지 그대로)</translation>
    </message>
    <message>
        <source>Cannot measure: %1</source>
        <translation>잴 수 없습니다: %1</translation>
    </message>
    <message>
        <source>No corpus is open.</source>
        <translation>열린 말뭉치가 없습니다.</translation>
    </message>
    <message>
        <source>Export the statistics to</source>
        <translation>통계를 내보낼 폴더</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>기준선</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>Shortcuts</source>
        <translation>지름길</translation>
    </message>
    <message>
        <source> (in-sample)</source>
        <translation> (표본 내)</translation>
    </message>
    <message>
        <source>no answers</source>
        <translation>정답 없음</translation>
    </message>
    <message>
        <source>Accuracy without reading the conversation as the task intends; priors fitted on this corpus itself (open a train split to fit them there). A model is only as good as its distance above these.</source>
        <translation>과제가 의도한 대로 대화를 읽지 않고 얻는 정확도입니다. 사전 분포는 이 말뭉치 자체에 맞췄습니다 (학습 분할을 열면 거기에 맞춥니다). 모델의 가치는 이 값들보다 얼마나 높은가에 있습니다.</translation>
    </message>
    <message>
        <source>Accuracy without reading the conversation as the task intends; priors fitted on %1. A model is only as good as its distance above these.</source>
        <translation>과제가 의도한 대로 대화를 읽지 않고 얻는 정확도입니다. 사전 분포는 %1에 맞췄습니다. 모델의 가치는 이 값들보다 얼마나 높은가에 있습니다.</translation>
    </message>
</context>
<context>
    <name>cci::ui::TokenView</name>
    <message>
        <source>#%1 · id %2 · %3%4</source>
        <translation>#%1 · id %2 · %3%4</translation>
    </message>
    <message>
        <source> · special</source>
        <translation> · 특수</translation>
    </message>
</context>
<context>
    <name>cci::ui::VoteMatrixModel</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>정답</translation>
    </message>
    <message>
        <source>Ensemble</source>
        <translation>앙상블</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>표 차이</translation>
    </message>
</context>
<context>
    <name>cci::ui::WelcomePanel</name>
    <message>
        <source>&lt;h2&gt;CCI Workbench&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;CCI 워크벤치&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Open the NIKL corpus files you downloaded (train, dev, test JSON; several at once is fine), or try the workbench on a small synthetic demo corpus first. The demo closes by itself when you open your own files.</source>
        <translation>내려받은 국립국어원 말뭉치 파일(train, dev, test JSON; 여러 개를 한꺼번에 열어도 됩니다)을 열거나, 먼저 작은 합성 데모 말뭉치로 워크벤치를 써 보세요. 데모는 직접 가진 파일을 열면 저절로 닫힙니다.</translation>
    </message>
    <message>
        <source>Open your corpus… (Ctrl+O)</source>
        <translation>말뭉치 열기… (Ctrl+O)</translation>
    </message>
    <message>
        <source>Try the demo corpus</source>
        <translation>데모 말뭉치로 써 보기</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workbench for Korean Conversational Context Inference (NIKL 2024).</source>
        <translation>한국어 대화 맥락 추론(국립국어원 2024)을 위한 워크벤치.</translation>
    </message>
    <message>
        <source>Load the bundled synthetic demo predictions into the Ensemble view.</source>
        <translation>내장 합성 데모 예측을 앙상블 화면에 불러옵니다.</translation>
    </message>
    <message>
        <source>View to show first: browse, refine, prompt, ensemble, annotate, statistics or runs.</source>
        <translation>처음 보여 줄 화면: browse, refine, prompt, ensemble, annotate, statistics, runs.</translation>
    </message>
    <message>
        <source>Corpus JSON files to open (default: the last session; without one, a welcome page offers your corpus or the demo).</source>
        <translation>열 말뭉치 JSON 파일(기본값: 지난 세션; 없으면 시작 화면에서 말뭉치나 데모를 고릅니다).</translation>
    </message>
    <message>
        <source>Open the bundled synthetic demo corpus when no files are given and there is no last session (tools/workbench.sh passes it).</source>
        <translation>파일을 주지 않았고 지난 세션도 없으면 함께 제공되는 합성 데모 말뭉치를 엽니다(tools/workbench.sh가 이 옵션을 줍니다).</translation>
    </message>
</context>
</TS>
